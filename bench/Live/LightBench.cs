using System.Diagnostics;
using System.Net;

namespace Coverage.Bench.Live;

/// <summary>
/// Light circuits (<see cref="LightCircuit"/>) for the benches where a circuit only has to exist: opening many, and the self-check
/// (<c>lightcheck</c>) that one of them really is a live circuit of the overview.
/// </summary>
public static class LightBench
{
    /// <summary>Signs the bench user in once through the form and opens <paramref name="count"/> light overview circuits with that
    /// session, <paramref name="parallel"/> at a time.</summary>
    public static async Task<LightCircuits> OpenAsync(BenchApp app, int count, int parallel = 20)
    {
        var cookies = await app.User.SignInAsync(app.BaseAddress);
        var circuits = new LightCircuits();
        var clock = Stopwatch.StartNew();
        for (var batch = 0; batch < count; batch += parallel)
        {
            circuits.AddRange(await Task.WhenAll(Enumerable.Range(0, Math.Min(parallel, count - batch))
                .Select(_ => LightCircuit.OpenAsync(app.BaseAddress, cookies, "/", TimeSpan.FromMinutes(2)))));
        }
        Console.WriteLine($"light: {count} light overview circuits open in {clock.Elapsed.TotalSeconds:F1} s " +
                          $"(render batches received by then: {circuits.Sum(c => c.Bytes) / 1024.0 / Math.Max(1, count):F1} KB a circuit)");
        return circuits;
    }

    /// <summary>
    /// Opens <paramref name="count"/> light wall circuits, each as a wall display does: <c>/wall?display=…</c> with no sign-in (the link
    /// signs the request in as the display, a cookie of its own that the circuit carries).
    /// </summary>
    public static async Task<LightCircuits> OpenWallsAsync(BenchApp app, int count)
    {
        var walls = new LightCircuits();
        for (var i = 0; i < count; i++)
            walls.Add(await LightCircuit.OpenAsync(app.BaseAddress, new CookieContainer(), app.WallUrl.PathAndQuery, TimeSpan.FromMinutes(2)));
        return walls;
    }

    /// <summary>
    /// What the circuits got since <paramref name="mark"/>: render batches against one per change (under load the server folds
    /// several changes into one render, so fewer is not a fault), per circuit the fewest and the median, and the circuits that got
    /// none at all or are closed or in error (a dead circuit must not look fast).
    /// </summary>
    public static string Describe(IReadOnlyList<LightCircuit> circuits, IReadOnlyList<(long Batches, long Bytes)> mark, int changes)
    {
        var received = circuits.Select((c, i) => c.Batches - mark[i].Batches).Order().ToList();
        if (received.Count == 0) return "no circuits";
        var bytes = circuits.Select((c, i) => c.Bytes - mark[i].Bytes).Sum();
        var none = received.Count(n => n == 0);
        var dead = circuits.Count(c => !c.Connected || c.Errors.Count > 0);
        return $"render batches received {received.Sum():N0} ({bytes / 1048576.0:F1} MiB) for {changes} changes × {circuits.Count} circuits = {changes * circuits.Count:N0}; " +
               $"per circuit min {received[0]}, median {received[received.Count / 2]}, max {received[^1]}; " +
               $"circuits that received none {none}, closed or in error {dead} of {circuits.Count}";
    }

    public static List<(long Batches, long Bytes)> Mark(IReadOnlyList<LightCircuit> circuits) => circuits.Select(c => (c.Batches, c.Bytes)).ToList();

    /// <summary>CPU time so far of the server and of this bench process (the light circuits, the browsers' driver), for a before/after.</summary>
    public static (TimeSpan Server, TimeSpan Bench) CpuTime(BenchApp app) =>
        (System.Diagnostics.Process.GetProcessById(app.ProcessId).TotalProcessorTime, System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime);

    public static string DescribeCpu((TimeSpan Server, TimeSpan Bench) before, (TimeSpan Server, TimeSpan Bench) after) =>
        $"CPU time: server {(after.Server - before.Server).TotalSeconds:F1} s, bench process (light circuits, browser driver) {(after.Bench - before.Bench).TotalSeconds:F1} s";

    /// <summary>The JS interop calls the light circuits were answered for, e.g. to check none needs a real value.</summary>
    public static void PrintJsCalls()
    {
        foreach (var (call, n) in LightCircuit.JsCalls.OrderBy(p => p.Key, StringComparer.Ordinal))
            Console.WriteLine($"light: JS interop answered {n,6} × {call}, arguments {LightCircuit.JsArgumentChars.GetValueOrDefault(call) / 1024.0:F1} K chars");
    }

    /// <summary>
    /// <c>lightcheck</c>: one light overview circuit must be live — after its first render, a station's status changed by SQL must
    /// reach it as a render batch within 10 s, and nothing may have gone wrong (no <c>JS.Error</c>, no closed connection, no
    /// message the client could not bind). Prints PASS or FAIL; false on failure.
    /// </summary>
    public static async Task<bool> CheckAsync(BenchApp app)
    {
        var failures = new List<string>();
        await using var circuits = new LightCircuits();
        try
        {
            circuits.AddRange(await OpenAsync(app, 1));
        }
        catch (Exception e)
        {
            failures.Add($"the circuit did not start: {e.Message}");
        }
        var circuit = circuits.FirstOrDefault();
        if (circuit is not null)
        {
            Console.WriteLine($"lightcheck: circuit started; {circuit.Batches} render batches, {circuit.Bytes / 1024.0:F1} KB");
            await Task.Delay(2000); // whatever the first render set off (the map's module, deferred panels' observers) settles
            var before = circuit.Batches;
            Console.WriteLine($"lightcheck: settled after 2 s: {before} render batches, {circuit.Bytes / 1024.0:F1} KB; {circuit.Markers} root components added");
            var station = await app.ScalarAsync("SELECT id FROM stations WHERE status = 'operating' ORDER BY id LIMIT 1");
            var start = PixelBench.NowMs();
            await app.ExecuteAsync($"UPDATE stations SET status = 'suspended', suspended_on = current_date WHERE id = {station}");
            var clock = Stopwatch.StartNew();
            while (circuit.Batches == before && clock.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(10);
            if (circuit.Batches == before) failures.Add("no render batch within 10 s of the station change");
            else Console.WriteLine($"lightcheck: the change arrived as a render batch {circuit.LastBatchMs - start:F0} ms after the commit started " +
                                   $"({circuit.Batches - before} batches)");
            await app.ExecuteAsync($"UPDATE stations SET status = 'operating', suspended_on = NULL WHERE id = {station}");
            await Task.Delay(1000);
            if (!circuit.Connected) failures.Add("the circuit's connection is closed");
            failures.AddRange(circuit.Errors);
        }
        PrintJsCalls();
        foreach (var failure in failures) Console.WriteLine($"lightcheck: {failure}");
        Console.WriteLine(failures.Count == 0 ? "lightcheck: PASS" : "lightcheck: FAIL");
        return failures.Count == 0;
    }
}

/// <summary>Light circuits that are closed together (<c>await using</c>).</summary>
public sealed class LightCircuits : List<LightCircuit>, IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(this.Select(c => c.DisposeAsync().AsTask()));
        Clear();
    }
}
