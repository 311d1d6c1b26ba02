namespace Coverage.Bench.Live;

/// <summary>Server memory per idle dashboard circuit: working set before and after opening N overview pages.</summary>
public static class MemoryBench
{
    public static async Task RunAsync(BenchApp app, int circuits)
    {
        await using var browser = await Browser.LaunchAsync();
        // The overview needs a signed-in user: signed in once through the form, every page's context carries the session.
        var session = await browser.SignInAsync(app);
        // Warm up: the first screen pays for JIT, caches and the map layers.
        for (var i = 0; i < 3; i++) await browser.OpenAsync(new Uri(app.BaseAddress, "/"), 1280, 720, session);
        await Task.Delay(3000);
        var before = app.WorkingSetBytes();
        for (var i = 0; i < circuits; i++) await browser.OpenAsync(new Uri(app.BaseAddress, "/"), 1280, 720, session);
        await Task.Delay(5000);
        var after = app.WorkingSetBytes();
        Console.WriteLine($"memory: {circuits} idle overview circuits added {(after - before) / 1048576.0:F1} MiB of server working set " +
                          $"= {(after - before) / 1024.0 / circuits:F0} KB per circuit (working set {before / 1048576.0:F0} → {after / 1048576.0:F0} MiB)");
    }
}
