using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;

namespace Coverage.Bench.Live;

/// <summary>
/// Soak: one wall (through a cuttable proxy) under the demo feed at one change a second for N minutes — server
/// working set, browser JS heap and DOM size at start and end; then the time until the wall is live again after a
/// server restart and after an M-minute network cut, with nobody touching it.
/// </summary>
public static class SoakBench
{
    public static async Task RunAsync(BenchApp app, string dashboardDll, int minutes, int cutMinutes)
    {
        await using var proxy = new TcpProxy(app.BaseAddress.Port);
        var wallUrl = new Uri(new Uri($"http://127.0.0.1:{proxy.Port}"), app.WallUrl.PathAndQuery);
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.OpenAsync(wallUrl);
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Performance.enable");

        await Task.Delay(TimeSpan.FromSeconds(30));
        var start = await SampleAsync(app, cdp);
        Console.WriteLine($"soak start: {start}");
        for (var m = 1; m <= minutes; m++)
        {
            await Task.Delay(TimeSpan.FromMinutes(1));
            Console.WriteLine($"soak {m,3} min: {await SampleAsync(app, cdp)}");
        }
        await cdp.SendAsync("HeapProfiler.collectGarbage");
        var end = await SampleAsync(app, cdp);
        Console.WriteLine($"soak end ({minutes} min under the demo feed, after a browser GC): {end}");

        // Server restart: the process is killed and started again on the same port and database.
        var lastEvent = await app.ScalarAsync("SELECT max(id) FROM station_events");
        await app.RestartAsync(dashboardDll);
        var healthy = Stopwatch.StartNew();
        await WaitLiveAsync(page, lastEvent);
        Console.WriteLine($"server restart: wall live again {healthy.Elapsed.TotalSeconds:F1} s after the server answered /healthz (target ≤ 60 s)");

        // Network cut between the wall and the server.
        lastEvent = await app.ScalarAsync("SELECT max(id) FROM station_events");
        proxy.Cut();
        Console.WriteLine($"network cut for {cutMinutes} min…");
        await Task.Delay(TimeSpan.FromMinutes(cutMinutes));
        var staleShown = await page.Locator("[data-testid=wall].wall-stale").CountAsync() == 1;
        proxy.Restore();
        var restored = Stopwatch.StartNew();
        await WaitLiveAsync(page, lastEvent);
        Console.WriteLine($"network cut: the wall showed the red not-live state during the cut: {staleShown}; live again {restored.Elapsed.TotalSeconds:F1} s after the network returned (target ≤ 60 s)");
    }

    /// <summary>Live again: not stale, freshness green, and a go-live committed after <paramref name="afterEvent"/> on its ticker.</summary>
    private static async Task WaitLiveAsync(IPage page, long afterEvent)
    {
        await page.WaitForFunctionAsync($$"""
            () => {
              const wall = document.querySelector('[data-testid=wall]');
              const fresh = document.querySelector('[data-testid=freshness]');
              const newest = document.querySelector('[data-testid=ticker] .ticker-item[data-event-id]');
              return wall && !wall.classList.contains('wall-stale') && fresh?.dataset.level === 'live'
                && newest && Number(newest.dataset.eventId) > {{afterEvent}};
            }
            """, null, new() { Timeout = 300_000, PollingInterval = 250 });
    }

    private static async Task<string> SampleAsync(BenchApp app, ICDPSession cdp)
    {
        var metrics = await cdp.SendAsync("Performance.getMetrics");
        double Metric(string name) => metrics!.Value.GetProperty("metrics").EnumerateArray()
            .First(m => m.GetProperty("name").GetString() == name).GetProperty("value").GetDouble();
        var events = await app.ScalarAsync("SELECT count(*) FROM station_events");
        return $"server working set {app.WorkingSetBytes() / 1048576.0:F0} MiB, browser JS heap {Metric("JSHeapUsedSize") / 1048576.0:F1} MiB, " +
               $"DOM nodes {Metric("Nodes"):F0}, listeners {Metric("JSEventListeners"):F0}, events in log {events:N0}";
    }
}
