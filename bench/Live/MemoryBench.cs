using Microsoft.Playwright;

namespace Coverage.Bench.Live;

/// <summary>
/// Server memory per idle dashboard circuit: N overview pages (real Chromium circuits, or with <c>--light</c> headless
/// <see cref="LightCircuit"/>s) opened after a warm-up; the managed heap
/// after a full GC induced from outside (<see cref="ServerProbe"/>) and the process's RSS, before and after.
/// </summary>
public static class MemoryBench
{
    public static async Task RunAsync(BenchApp app, int circuits, int holdSeconds = 0, bool light = false)
    {
        var probe = await ServerProbe.CreateAsync(app);
        // --light: headless circuits (LightCircuit) instead of Chromium pages; no browser then.
        await using var browser = light ? null : await Browser.LaunchAsync();
        await using var lights = new LightCircuits();
        // The overview needs a signed-in user: signed in once through the form, every page's context carries the session.
        var session = browser is null ? null : await browser.SignInAsync(app);
        // Warm up: the first screen pays for JIT, caches and the map layers.
        if (browser is null) lights.AddRange(await LightBench.OpenAsync(app, 3));
        else for (var i = 0; i < 3; i++) await browser.OpenAsync(new Uri(app.BaseAddress, "/"), 1280, 720, session);
        await Task.Delay(3000);
        var before = await probe.CollectAsync();
        if (browser is null) lights.AddRange(await LightBench.OpenAsync(app, circuits));
        else await OpenOverviewsAsync(app, browser, session!, circuits);
        await Task.Delay(5000);
        var kind = browser is null ? $"light circuits{(LightCircuit.RevealDeferred ? ", every deferred panel revealed" : "")}" : "Chromium pages at 1280×720";
        var after = await probe.CollectAsync();
        var metrics = await probe.ScrapeAsync();
        var active = metrics.Text.Split('\n').FirstOrDefault(l => l.StartsWith("aspnetcore_components_circuit", StringComparison.Ordinal) && l.Contains("active", StringComparison.Ordinal));
        Console.WriteLine($"memory: open circuits on the server (warm-up included): {active ?? "(no circuit metric)"}; " +
                          $"full GCs induced over EventPipe: {before.Gen2Collections} and {after.Gen2Collections}");
        Console.WriteLine($"memory: {circuits} idle overview circuits ({kind}) added {(after.HeapBytes - before.HeapBytes) / 1048576.0:F1} MiB of managed heap after a full GC " +
                          $"= {(after.HeapBytes - before.HeapBytes) / 1024.0 / circuits:F0} KB per circuit (heap {before.HeapBytes / 1048576.0:F1} → {after.HeapBytes / 1048576.0:F1} MiB, " +
                          $"fragmentation {before.FragmentationBytes / 1048576.0:F1} → {after.FragmentationBytes / 1048576.0:F1} MiB)");
        var live = (after.HeapBytes - after.FragmentationBytes) - (before.HeapBytes - before.FragmentationBytes);
        Console.WriteLine($"memory: live objects (heap less fragmentation): {live / 1048576.0:F1} MiB = {live / 1024.0 / circuits:F0} KB per circuit");
        Console.WriteLine($"memory: and {(after.RssBytes - before.RssBytes) / 1048576.0:F1} MiB of RSS = {(after.RssBytes - before.RssBytes) / 1024.0 / circuits:F0} KB per circuit " +
                          $"(RSS {before.RssBytes / 1048576.0:F0} → {after.RssBytes / 1048576.0:F0} MiB)");
        if (browser is null)
            Console.WriteLine($"memory: light circuits dead or in error: {lights.Count(c => !c.Connected || c.Errors.Count > 0)} of {lights.Count}");
        if (holdSeconds <= 0) return;
        // --hold S: the circuits stay open S seconds, e.g. for `dotnet-gcdump collect -p <pid>` to see what they hold.
        Console.WriteLine($"memory: holding the circuits open for {holdSeconds} s; the dashboard's pid is {app.ProcessId}");
        await Task.Delay(TimeSpan.FromSeconds(holdSeconds));
    }

    /// <summary>Opens <paramref name="circuits"/> overview pages, each in its own browser context (its own circuit), map painted.</summary>
    public static async Task<List<IPage>> OpenOverviewsAsync(BenchApp app, Browser browser, string session, int circuits)
    {
        var pages = new List<IPage>();
        for (var i = 0; i < circuits; i++) pages.Add(await browser.OpenAsync(new Uri(app.BaseAddress, "/"), 1280, 720, session));
        return pages;
    }
}
