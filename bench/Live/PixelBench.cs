using System.Diagnostics;
using Microsoft.Playwright;

namespace Coverage.Bench.Live;

/// <summary>
/// Commit-to-pixel: N wall displays (real Chromium circuits) watch the province; a station change is committed by
/// plain SQL; latency = just before the UPDATE is sent → the frame after the wall's "operating" counter changed.
/// Optionally with H hub connections open at the same time. Then a burst: one transaction changing every station.
/// With <c>--via reports</c> each change is instead a county's pending go-live report confirmed through the API
/// (<c>POST /api/reports/{id}/confirm</c>), timed from the request's start; no burst then.
/// </summary>
public static class PixelBench
{
    private const string Watch = """
        () => {
          window.__changes = [];
          const target = document.querySelector('[data-testid=wall-operating] .flip-value');
          new MutationObserver(() => {
            performance.mark('bench:counter-changed');
            const m = performance.timeOrigin + performance.now();
            requestAnimationFrame(() => {
              window.__changes.push({ v: target.getAttribute('aria-label'), m, t: performance.timeOrigin + performance.now() });
              performance.mark('bench:frame');
            });
          }).observe(target, { attributes: true, attributeFilter: ['aria-label'] });
        }
        """;

    /// <summary>Milliseconds since the Unix epoch, sub-millisecond, on the clock the browser's performance.timeOrigin uses.</summary>
    public static double NowMs() => (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;

    public static async Task RunAsync(BenchApp app, int screens, int hubConnections, int changes, int intervalMs, int width, int height,
        bool viaReports = false, int idleCircuits = 0)
    {
        // What makes each change: a plain SQL commit, or confirming a pending report through the API (prepared before the walls open).
        Func<int, Task> change;
        BenchWriter? writer = null; // opened just before the changes (BenchApp.OpenWriterAsync)
        var confirmLatencies = new List<double>();
        var pending = viaReports ? await ReportBench.PendingGoLivesAsync(app, changes) : null;
        using var decider = pending is null ? null : app.NewClient(pending.Decider);
        if (pending is not null && decider is not null)
        {
            change = async k =>
            {
                var start = Stopwatch.GetTimestamp();
                var status = await ReportBench.ConfirmAsync(decider, pending.Reports[k]);
                confirmLatencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                if (status != System.Net.HttpStatusCode.OK) Console.Error.WriteLine($"  bench: confirming report {pending.Reports[k]} answered {(int)status}");
            };
        }
        else
        {
            var operating = await app.ScalarAsync("SELECT id FROM stations WHERE status = 'operating' ORDER BY id LIMIT 1");
            change = k => writer!.ExecuteAsync(k % 2 == 0
                ? $"UPDATE stations SET status = 'suspended', suspended_on = current_date WHERE id = {operating}"
                : $"UPDATE stations SET status = 'operating', suspended_on = NULL WHERE id = {operating}");
        }

        await using var browser = await Browser.LaunchAsync();
        var pages = new List<IPage>();
        var open = Stopwatch.StartNew();
        // Each screen opens the wall as a real one does: with its display link, no sign-in.
        for (var i = 0; i < screens; i++) pages.Add(await browser.OpenAsync(app.WallUrl, width, height));
        foreach (var page in pages) await page.EvaluateAsync(Watch);
        // BENCH_WALL_CSS: a style sheet added to every wall after it opened, to measure what a piece of the wall's motion costs.
        if (Environment.GetEnvironmentVariable("BENCH_WALL_CSS") is { Length: > 0 } css)
        {
            foreach (var page in pages) await page.AddStyleTagAsync(new() { Content = css });
            Console.WriteLine($"pixel: added to every wall: {css}");
        }
        // What keeps a wall drawing frames: every animation on the first wall, with its play state.
        var running = await pages[0].EvaluateAsync<string[]>("""
            () => document.getAnimations().map(a => {
              const t = a.effect && a.effect.target;
              const what = a.animationName || a.transitionProperty || a.constructor.name;
              return what + (a.effect && a.effect.pseudoElement ? a.effect.pseudoElement : '') + ' (' + a.playState + ') on ' + (t ? t.tagName.toLowerCase() + (t.className && t.className.baseVal === undefined ? '.' + String(t.className).trim().split(/\s+/).join('.') : '') : '?');
            })
            """);
        Console.WriteLine($"pixel: animations on the first wall: {(running.Length == 0 ? "none" : string.Join("; ", running))}");
        Console.WriteLine($"pixel: {screens} wall screens open in {open.Elapsed.TotalSeconds:F1} s; server working set {app.WorkingSetBytes() / 1048576.0:F0} MiB");

        // --idle-circuits N: N idle overview circuits besides the walls, light ones (LightCircuit: no browser on this box's 2 cores).
        await using var idle = idleCircuits > 0 ? await LightBench.OpenAsync(app, idleCircuits) : new LightCircuits();
        if (idleCircuits > 0) Console.WriteLine($"pixel: {idleCircuits} idle light overview circuits open as well; server working set {app.WorkingSetBytes() / 1048576.0:F0} MiB");
        var idleMark = LightBench.Mark(idle);

        await using var hub = hubConnections > 0 ? await HubLoad.ConnectAsync(app, hubConnections) : null;
        if (hub is not null) Console.WriteLine($"pixel: {hubConnections} hub connections open as well, in a process of their own (pid {hub.ProcessId}), taking compact batches");

        // The node's own commit → sent for the walls over the same changes (its metrics, read as Prometheus would).
        var probe = await ServerProbe.CreateAsync(app);
        var metricsBefore = await probe.ScrapeAsync();
        var cpu = LightBench.CpuTime(app);
        if (!viaReports) writer = await app.OpenWriterAsync();
        List<double> latencies, inDom;
        int missing;
        // BENCH_TRACE=file: a Chromium performance trace of the first wall over the changes, and beside it (file.changes.json) when
        // each change was started and when the first wall's frame showed it (epoch ms), to line the trace up with the changes.
        // BENCH_TRACE_JS=1 samples the JS as well (its overhead slows the wall).
        var trace = Environment.GetEnvironmentVariable("BENCH_TRACE");
        var tracing = trace is { Length: > 0 } ? await ChromiumTrace.StartAsync(pages[0], sampleJs: Environment.GetEnvironmentVariable("BENCH_TRACE_JS") == "1") : null;
        List<double> started;
        await using (writer) (latencies, inDom, missing, started) = await MeasureAsync(pages, changes, intervalMs, change);
        if (tracing is not null)
        {
            await tracing.StopAsync(trace!);
            var frames = await pages[0].EvaluateAsync<double[]>("() => window.__changes.map(c => c.t)");
            await File.WriteAllTextAsync(trace + ".changes.json", System.Text.Json.JsonSerializer.Serialize(new { started, frames }));
        }
        Console.WriteLine($"pixel: over the changes, {LightBench.DescribeCpu(cpu, LightBench.CpuTime(app))}");
        var metricsAfter = await probe.ScrapeAsync();
        var sent = new[] { 50, 95, 99 }.Select(p => metricsAfter.Quantile(metricsBefore, "coverage_circuit_sent_seconds", p, "screen=\"wall\"")).ToList();
        Console.WriteLine($"pixel: the node's commit → sent to the walls (coverage_circuit_sent_seconds{{screen=\"wall\"}}): n={sent[0].Count:F0} " +
                          $"p50={SentBench.Ms(sent[0].Seconds)} p95={SentBench.Ms(sent[1].Seconds)} p99={SentBench.Ms(sent[2].Seconds)}");
        var setting = $"{screens} screens at {width}×{height}{(Browser.ReducedMotion ? " with reduced motion" : "")}{(hub is null ? "" : $", {hubConnections} hub connections")}" +
                      $"{(idleCircuits > 0 ? $", {idleCircuits} idle light overview circuits" : "")}, {changes} changes, one every {intervalMs} ms";
        if (idleCircuits > 0) Console.WriteLine($"pixel: idle circuits over the changes: {LightBench.Describe(idle, idleMark, changes)}");
        if (viaReports)
        {
            Console.WriteLine($"confirm-to-pixel (POST /api/reports/{{id}}/confirm start → the wall's frame showing it; {setting}): {Stats.Describe(latencies)}; missed {missing}");
            Console.WriteLine($"confirm API while the walls watch: {Stats.Describe(confirmLatencies)}");
            return;
        }
        Console.WriteLine($"commit-to-pixel ({setting}): {Stats.Describe(latencies)}; missed {missing}");
        // Split at the moment the wall's script changed the counter: before it, the server, the socket and Blazor applying the
        // render; after it, the wall's frame (waiting for the next animation frame, style, layout, paint, a core).
        Console.WriteLine($"  of it, commit → the counter changed in the wall's DOM: {Stats.Describe(inDom)}");
        Console.WriteLine($"  and the counter changed → the frame after: {Stats.Describe(latencies.Zip(inDom, (frame, dom) => frame - dom).ToList())}");

        // Burst: every station changes mode, and every operating one is suspended, in one transaction.
        var before = await app.ScalarAsync("SELECT count(*) FROM stations WHERE status = 'operating'");
        foreach (var page in pages) await page.EvaluateAsync("() => window.__changes = []");
        if (hub is not null) await hub.MarkAsync();
        var burstStart = NowMs();
        await app.ExecuteAsync("""
            UPDATE stations SET mode = CASE WHEN mode = 'existingVenue' THEN 'countySelfBuilt' ELSE 'existingVenue' END,
                status = CASE WHEN status = 'operating' THEN 'suspended' ELSE status END,
                suspended_on = CASE WHEN status = 'operating' THEN current_date ELSE suspended_on END
            """);
        var consistent = new List<double>();
        foreach (var page in pages)
        {
            await page.Locator("[data-testid=wall-operating] .flip-value[aria-label='0']").WaitForAsync(new() { Timeout = 60_000 });
            var t = await page.EvaluateAsync<double[]>("() => window.__changes.filter(c => c.v === '0').map(c => c.t)");
            consistent.Add(t[0] - burstStart);
        }
        Console.WriteLine($"burst (3,101 changes incl. {before:N0} go-dark, one transaction) → every screen shows 0 operating: {Stats.Describe(consistent)}");
        if (hub is not null)
        {
            var done = await hub.WaitForAsync(3101, TimeSpan.FromMinutes(5));
            Console.WriteLine(done is null ? "burst → hub clients did not all receive 3,101 events within 5 min"
                : $"burst → all {hubConnections} hub clients had all 3,101 events {done.Value - burstStart:F0} ms after the commit started");
        }
        await app.ExecuteAsync("UPDATE stations SET status = 'operating', suspended_on = NULL WHERE status = 'suspended' AND operating_since IS NOT NULL AND suspended_on = current_date");
    }

    /// <summary>
    /// Makes <paramref name="changes"/> changes one every <paramref name="intervalMs"/> and matches each to the frame each wall showed
    /// it in (the k-th counter change on a screen is the k-th change): latency = just before the change was started → that frame.
    /// </summary>
    private static async Task<(List<double> Latencies, List<double> InDom, int Missing, List<double> Started)> MeasureAsync(List<IPage> pages, int changes, int intervalMs, Func<int, Task> change)
    {
        var sent = new List<double>();
        for (var k = 0; k < changes; k++)
        {
            sent.Add(NowMs());
            await change(k);
            await Task.Delay(intervalMs);
        }
        await Task.Delay(2000);

        var latencies = new List<double>();
        var inDom = new List<double>();
        var missing = 0;
        foreach (var page in pages)
        {
            var seen = await page.EvaluateAsync<double[][]>("() => window.__changes.map(c => [c.m, c.t])");
            for (var k = 0; k < changes; k++)
            {
                if (k >= seen.Length)
                {
                    missing++;
                    continue;
                }
                inDom.Add(seen[k][0] - sent[k]);
                latencies.Add(seen[k][1] - sent[k]);
            }
        }
        return (latencies, inDom, missing, sent);
    }
}
