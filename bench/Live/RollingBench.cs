using System.Diagnostics;
using System.Text.Json;
using Coverage.Dashboard.Tests.Support;
using Coverage.Dashboard.Tests.Support.Rolling;

namespace Coverage.Bench.Live;

/// <summary>
/// Rolling restart (issue 17): two node processes on one database behind nginx (the cluster template), walls and hub clients
/// spread over both through nginx, a status write every interval through nginx; then each node in turn gets SIGTERM (it drains),
/// is started again on its port and must be ready behind nginx before the next. Prints, per hub client, whether it applied
/// exactly the database's event ids in order; per wall, its moves, stale/connection-lost frames, blank-map frames and the
/// longest time its clock did not tick; and the write API's errors.
/// </summary>
public static class RollingBench
{
    public static async Task RunAsync(BenchApp app, int connections, int screens, int intervalMs, int settleSeconds)
    {
        Console.WriteLine($"load before: {Load()}");
        await using var nodeB = await app.AddNodeAsync();
        await using var proxy = await NginxProxy.StartAsync(app.BaseAddress, nodeB.BaseAddress);
        string[] keys = [await proxy.KeyForAsync(app.BaseAddress), await proxy.KeyForAsync(nodeB.BaseAddress)];
        var admin = await app.AddUserAsync("rolling-admin@bench.local", "provinceAdmin");
        var stations = new List<int>();
        for (var i = 0; i < 2; i++)
            stations.Add((int)await app.ScalarAsync($"SELECT id FROM stations WHERE status = 'operating' ORDER BY id OFFSET {i} LIMIT 1"));
        var start = await app.ScalarAsync("SELECT coalesce(max(id), 0) FROM station_events");
        Console.WriteLine($"cluster: nodes {app.BaseAddress} and {nodeB.BaseAddress} behind nginx {proxy.BaseAddress}; writes toggle stations {string.Join(", ", stations)} every {intervalMs} ms");

        await using var browser = await Browser.LaunchAsync();
        var walls = new List<Microsoft.Playwright.IPage>();
        for (var i = 0; i < screens; i++)
        {
            var context = await browser.Instance.NewContextAsync(new() { ViewportSize = new() { Width = 1920, Height = 1080 }, Locale = "zh-CN" });
            await context.AddCookiesAsync([new() { Name = "coverage_node", Value = keys[i % 2], Url = proxy.BaseAddress.ToString() }]);
            await WallWatch.InstallAsync(context);
            var page = await context.NewPageAsync();
            await page.GotoAsync(new Uri(proxy.BaseAddress, app.WallUrl.PathAndQuery).ToString());
            await page.Locator("[data-testid=coverage-map][data-painted]").WaitForAsync(new() { Timeout = 120_000 });
            walls.Add(page);
        }
        var hubs = new List<CatchUpHubClient>();
        for (var batch = 0; batch < connections; batch += 50)
            hubs.AddRange(await Task.WhenAll(Enumerable.Range(batch, Math.Min(50, connections - batch))
                .Select(i => CatchUpHubClient.ConnectAsync(proxy.BaseAddress, app.User.Token, keys[i % 2], start))));
        Console.WriteLine($"open: {screens} walls and {hubs.Count} hub clients, half pinned to each node");

        using var writes = admin.Authorize(new HttpClient { BaseAddress = proxy.BaseAddress });
        var writer = new StatusWriter(writes, TimeSpan.FromMilliseconds(intervalMs), stations);
        using var stop = new CancellationTokenSource();
        var writing = writer.RunAsync(stop.Token);
        var settle = TimeSpan.FromSeconds(settleSeconds);
        await Task.Delay(settle);

        foreach (var (node, key, name) in new[] { (nodeB, keys[1], "B"), (app, keys[0], "A") })
        {
            var clock = Stopwatch.StartNew();
            var stopped = await node.TerminateAndRestartAsync();
            await proxy.WaitRoutedAsync(key, node.BaseAddress.Port, TimeSpan.FromMinutes(2));
            Console.WriteLine($"node {name}: SIGTERM → exited after {stopped:F1} s (drained), ready again behind nginx after {clock.Elapsed.TotalSeconds:F1} s");
            await Task.Delay(settle);
        }
        await stop.CancelAsync();
        await writing;

        var expected = new List<long>();
        for (var id = start; ;)
        {
            var next = await app.ScalarAsync($"SELECT coalesce(min(id), 0) FROM station_events WHERE id > {id}");
            if (next == 0) break;
            expected.Add(next);
            id = next;
        }
        var wait = Stopwatch.StartNew();
        while (hubs.Any(h => h.Last < expected[^1]) && wait.Elapsed < TimeSpan.FromMinutes(1)) await Task.Delay(100);
        var exact = hubs.Count(h => h.Applied.SequenceEqual(expected));
        var missed = hubs.Sum(h => expected.Except(h.Applied).Count());
        var twice = hubs.Sum(h => h.Applied.Count - h.Applied.Distinct().Count());
        Console.WriteLine($"writes: {writer.Written} landed ({expected.Count} events), {writer.Errors.Count} failed attempts, {writer.Retried} needed a retry, slowest {writer.Slowest.TotalMilliseconds:F0} ms");
        foreach (var error in writer.Errors.Take(10)) Console.WriteLine($"  write error: {error}");
        Console.WriteLine($"hub clients: {exact}/{hubs.Count} applied exactly the {expected.Count} event ids in order; missed {missed}, applied twice {twice}; " +
                          $"moves {hubs.Sum(h => h.Moves)}, reconnects {hubs.Sum(h => h.Reconnects)}, duplicates skipped {hubs.Sum(h => h.Skipped)}, " +
                          $"longest away {hubs.Max(h => h.LongestAway).TotalMilliseconds:F0} ms");

        using var reader = app.User.Authorize(new HttpClient { BaseAddress = proxy.BaseAddress });
        using var summary = JsonDocument.Parse(await reader.GetStringAsync("/api/summary"));
        var operating = summary.RootElement.GetProperty("operating").GetInt32().ToString("N0", System.Globalization.CultureInfo.GetCultureInfo("zh-CN"));
        var w = 0;
        foreach (var page in walls)
        {
            var shown = await page.Locator("[data-testid=wall-operating] .flip-value").GetAttributeAsync("aria-label");
            var watch = await WallWatch.ReadAsync(page);
            Console.WriteLine($"wall {++w}: {watch.Moves} moves; shows operating {shown} (database {operating}); longest clock gap {watch.LongestGap} ms; " +
                              $"stale frames {watch.Stale}, connection-lost frames {watch.Down}; blank-map frames {watch.BlankFrames} " +
                              $"(kept picture shown {watch.Picture}×; new map painted {string.Join("/", watch.MapAfterMoveMs)} ms into the moved page)");
        }
        foreach (var hub in hubs) await hub.DisposeAsync();
        Console.WriteLine($"load after: {Load()}");
    }

    private static string Load() => Stats.LoadAverage();
}
