using System.Diagnostics;

namespace Coverage.Bench.Live;

/// <summary>
/// Server commit → sent, from the server's own metrics: N idle overview circuits and H hub connections (in a process of their
/// own) open; serial station changes by plain SQL; then <c>coverage_circuit_sent_seconds</c> and <c>coverage_hub_sent_seconds</c>
/// read from <c>/metrics</c> as Prometheus would (a province admin's token), p50/p95/p99 over what the run recorded.
/// </summary>
public static class SentBench
{
    internal static string Ms(double seconds) =>
        double.IsPositiveInfinity(seconds) ? "beyond the top bucket" : $"{seconds * 1000:F1} ms";

    public static async Task RunAsync(BenchApp app, int circuits, int connections, int changes, int intervalMs, bool light = false, int warmup = 20,
        int walls = 3)
    {
        var probe = await ServerProbe.CreateAsync(app);
        // --light: headless circuits (LightCircuit) instead of Chromium pages, which on this box starve the server of CPU.
        await using var browser = light ? null : await Browser.LaunchAsync();
        await using var lights = new LightCircuits();
        var open = Stopwatch.StartNew();
        if (browser is null) lights.AddRange(await LightBench.OpenAsync(app, circuits));
        else await MemoryBench.OpenOverviewsAsync(app, browser, await browser.SignInAsync(app), circuits);
        Console.WriteLine($"sent: {circuits} overview circuits ({(light ? "light" : "Chromium pages")}) open in {open.Elapsed.TotalSeconds:F0} s");
        // --walls N: wall displays as light circuits (their display link, no sign-in), whose updates the node sends first.
        await using var wallCircuits = await LightBench.OpenWallsAsync(app, walls);
        if (walls > 0) Console.WriteLine($"sent: {walls} wall circuits (light, display link) open");
        await using var hub = connections > 0 ? await HubLoad.ConnectAsync(app, connections) : null;
        if (hub is not null) Console.WriteLine($"sent: {connections} hub connections open, in a process of their own (pid {hub.ProcessId}), taking compact batches");

        var stations = (int)await app.ScalarAsync("SELECT count(*) FROM stations");
        await Task.Delay(3000); // the circuits' first renders and interop settle
        var random = new Random(42);
        await using var writer = await app.OpenWriterAsync();
        async Task ChangeAsync(int count)
        {
            for (var k = 0; k < count; k++)
            {
                await writer.ExecuteAsync($"UPDATE stations SET mode = CASE WHEN mode = 'existingVenue' THEN 'countySelfBuilt' ELSE 'existingVenue' END WHERE id = {1 + random.Next(stations)}");
                await Task.Delay(intervalMs);
            }
        }
        // --warmup N: changes made and not counted, so the figures are the node's steady state, not its first minute (the live
        // path's code compiled unoptimised until the runtime's tiered compilation replaces it; a node runs for weeks).
        await ChangeAsync(warmup);
        // Then one full blocking collection, induced from outside (ServerProbe.CollectAsync): what opening thousands of connections
        // and circuits left in the young generations (~100 MB with 2,000 hub connections) is promoted now, not by a gen1 collection of
        // 100+ ms in the middle of the measured changes — a node that has run for a while did that long ago.
        await probe.CollectAsync();
        var before = await probe.ScrapeAsync();
        var mark = LightBench.Mark(lights);
        var wallMark = LightBench.Mark(wallCircuits);
        var cpu = LightBench.CpuTime(app);
        await ChangeAsync(changes);
        await Task.Delay(3000);
        var after = await probe.ScrapeAsync();
        Console.WriteLine($"sent: over the changes, {LightBench.DescribeCpu(cpu, LightBench.CpuTime(app))}");
        // Garbage collections over the changes (a blocking pause holds every screen's update): count by generation, pause time.
        double Gc(Metrics m, string generation) => m.Sum("dotnet_gc_collections_total", $"gc_heap_generation=\"{generation}\"");
        Console.WriteLine($"sent: garbage collections over the changes: gen0 {Gc(after, "gen0") - Gc(before, "gen0"):F0}, gen1 {Gc(after, "gen1") - Gc(before, "gen1"):F0}, " +
                          $"gen2 {Gc(after, "gen2") - Gc(before, "gen2"):F0}; paused {(after.Sum("dotnet_gc_pause_time_seconds_total") - before.Sum("dotnet_gc_pause_time_seconds_total")) * 1000:F1} ms in all; " +
                          $"allocated {(after.Sum("dotnet_gc_heap_total_allocated_bytes_total") - before.Sum("dotnet_gc_heap_total_allocated_bytes_total")) / 1048576:F0} MiB");
        if (walls > 0) Console.WriteLine($"sent: wall circuits over the run: {LightBench.Describe(wallCircuits, wallMark, changes)}");
        if (light)
        {
            Console.WriteLine($"sent: light circuits over the run: {LightBench.Describe(lights, mark, changes)}");
            LightBench.PrintJsCalls(); // since they opened: the first renders' calls, then what each change set off
        }
        var setting = $"{walls} walls, {circuits} overview circuits{(light ? " (light)" : "")}, {connections} hub connections, {changes} changes one every {intervalMs} ms after {warmup} not counted";
        foreach (var (name, what, label) in new (string, string, string?)[]
                 {
                     ("coverage_feed_lag_seconds", "applied by the node's feed", null),
                     ("coverage_feed_handed_seconds", "handed on: walls rendered", "part=\"walls\""),
                     ("coverage_feed_handed_seconds", "handed on: other pages updated or queued", "part=\"screens\""),
                     ("coverage_lane_round_seconds", "one round of the live lane (its duration, not from the commit)", null),
                     ("coverage_circuit_sent_seconds", "circuits", null),
                     ("coverage_circuit_sent_seconds", "walls", "screen=\"wall\""), ("coverage_circuit_sent_seconds", "pages", "screen=\"page\""),
                     ("coverage_hub_sent_seconds", "hub", null),
                 })
        {
            var q = new[] { 50, 95, 99 }.Select(p => after.Quantile(before, name, p, label)).ToList();
            var prefix = what.StartsWith("one round") ? "lane: " + what : "commit → " + (what.StartsWith("applied") || what.StartsWith("handed") ? what : "sent, " + what);
            Console.WriteLine($"{prefix} ({name}{(label is null ? "" : "{" + label + "}")} from /metrics; {setting}): n={q[0].Count:F0} " +
                              $"p50={Ms(q[0].Seconds)} p95={Ms(q[1].Seconds)} p99={Ms(q[2].Seconds)}");
        }
    }
}
