using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Coverage.Dashboard.Tests.Support.Rolling;
using Microsoft.Playwright;
using Npgsql;
using Xunit.Abstractions;

namespace Coverage.Dashboard.Tests.EndToEnd;

/// <summary>
/// Readiness and the graceful drain (issue 17): two nodes behind nginx (the cluster template), walls and hub clients open on
/// both, a write every 200 ms through nginx; each node is stopped gracefully (the host's StopAsync, what SIGTERM runs) and
/// started again on its port, one after the other, waiting for readiness between. The bench version (200 hub clients, 3
/// walls, real processes and SIGTERM) is <c>bash bench/live.sh rolling</c>.
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class RollingRestartTests(PostgisFixture postgis, ITestOutputHelper output) : IAsyncLifetime
{
    private const int HubClientsPerNode = 10;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private DashboardApp _app = null!;

    public async Task InitializeAsync() => _app = await DashboardApp.StartAsync(postgis, new Dictionary<string, string?>
    {
        ["Drain:TimeoutSeconds"] = "20",
        // One user's many hub connections and screens from one address.
        ["Limits:ApiRequestsPerWindow"] = "0",
        ["Limits:HubConnectionsPerUser"] = "0",
        ["Limits:CircuitsPerUser"] = "0",
    });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Readiness_is_separate_from_liveness_and_a_draining_node_refuses_new_screens_but_serves_writes()
    {
        using var anonymous = _app.CreateAnonymousClient();
        using (var live = await anonymous.GetAsync("/healthz/live")) Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        using (var ready = await anonymous.GetAsync("/healthz/ready"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Equal("""{"status":"healthy","database":"ready"}""", await ready.Content.ReadAsStringAsync());
        }

        var node = await _app.StartNodeAsync();
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = node.BaseAddress };
        var drain = node.Services.GetRequiredService<Hosting.NodeDrain>();
        // What the host runs first on SIGTERM, before the server stops listening.
        await drain.StoppingAsync(CancellationToken.None);

        using (var ready = await client.GetAsync("/healthz/ready"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Equal("""{"status":"unhealthy","database":"ready","node":"draining"}""", await ready.Content.ReadAsStringAsync());
        }
        using (var combined = await client.GetAsync("/healthz")) Assert.Equal(HttpStatusCode.ServiceUnavailable, combined.StatusCode);
        using (var live = await client.GetAsync("/healthz/live")) Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        using (var page = new HttpRequestMessage(HttpMethod.Get, "/account/login"))
        {
            page.Headers.Accept.ParseAdd("text/html");
            using var refused = await client.SendAsync(page);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("1", refused.Headers.RetryAfter?.ToString());
        }
        using (var negotiate = await client.PostAsync("/hubs/coverage/negotiate?negotiateVersion=1", null))
            Assert.Equal(HttpStatusCode.ServiceUnavailable, negotiate.StatusCode);
        using (var circuit = await client.PostAsync("/_blazor/negotiate?negotiateVersion=1", null))
            Assert.Equal(HttpStatusCode.ServiceUnavailable, circuit.StatusCode);
        // The API still answers, writes included.
        client.WithToken(_app.Tokens[Role.ProvinceAdmin]);
        using (var write = await client.PostAsync("/api/stations/3/status",
                   JsonContent("""{"status":"operating","effectiveOn":"2025-01-02"}""")))
            Assert.Equal(HttpStatusCode.OK, write.StatusCode);
        await node.DisposeAsync();
    }

    [Fact]
    public async Task A_starting_node_is_never_healthy_while_its_api_would_still_answer_503()
    {
        await using var node = await _app.StartNodeAsync(waitReady: false);
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = node.BaseAddress }
            .WithToken(_app.Tokens[Role.Viewer]);
        var clock = Stopwatch.StartNew();
        var notReady = 0;
        while (true)
        {
            using var health = await client.GetAsync("/healthz");
            using var summary = await client.GetAsync("/api/summary");
            if (health.IsSuccessStatusCode)
            {
                // Once healthy, everything answers (the snapshot never unloads, so the order of the two requests is safe).
                Assert.Equal(HttpStatusCode.OK, summary.StatusCode);
                break;
            }
            notReady++;
            Assert.True(clock.Elapsed < Patience, "the node never became healthy");
        }
        output.WriteLine($"healthy after {clock.Elapsed.TotalSeconds:F1} s; {notReady} checks found it not ready first");
    }

    [Fact]
    public async Task Both_nodes_restarted_in_turn_behind_nginx_lose_no_hub_event_and_no_wall_goes_stale()
    {
        var nodeB = await _app.StartNodeAsync();
        var portA = _app.BaseAddress.Port;
        var portB = nodeB.BaseAddress.Port;
        await using var proxy = await NginxProxy.StartAsync(_app.BaseAddress, nodeB.BaseAddress);
        var keyA = await proxy.KeyForAsync(_app.BaseAddress);
        var keyB = await proxy.KeyForAsync(nodeB.BaseAddress);
        var start = await MaxEventIdAsync();

        var link = await _app.Services.GetRequiredService<IDisplayLinks>().CreateAsync("大厅", null, null, "tests", null);
        var walls = new List<(IPage Page, IBrowserContext Context)>();
        foreach (var key in new[] { keyA, keyB }) walls.Add(await OpenWallAsync(proxy, key, link.Secret));
        var hubs = new List<CatchUpHubClient>();
        foreach (var key in new[] { keyA, keyB })
            for (var i = 0; i < HubClientsPerNode; i++)
                hubs.Add(await CatchUpHubClient.ConnectAsync(proxy.BaseAddress, _app.Tokens[Role.Viewer], key, start));

        using var admin = new HttpClient { BaseAddress = proxy.BaseAddress }.WithToken(_app.Tokens[Role.ProvinceAdmin]);
        var writer = new StatusWriter(admin, TimeSpan.FromMilliseconds(200), [1, 2]); // both operating in the fixture
        using var stop = new CancellationTokenSource();
        var writing = writer.RunAsync(stop.Token);
        await WrittenAsync(writer, 5);

        var clock = Stopwatch.StartNew();
        await nodeB.DisposeAsync(); // drains, then stops
        output.WriteLine($"node B drained and stopped in {clock.Elapsed.TotalSeconds:F1} s");
        nodeB = await _app.StartNodeAsync(portB);
        await proxy.WaitRoutedAsync(keyB, portB, Patience);
        output.WriteLine($"node B ready again behind nginx {clock.Elapsed.TotalSeconds:F1} s after its stop began");
        await WrittenAsync(writer, writer.Written + 5);

        clock.Restart();
        await _app.RestartServerAsync(); // node A: drains, stops, starts on its port
        await proxy.WaitRoutedAsync(keyA, portA, Patience);
        output.WriteLine($"node A restarted and ready behind nginx in {clock.Elapsed.TotalSeconds:F1} s");
        await WrittenAsync(writer, writer.Written + 5);
        await stop.CancelAsync();
        await writing;

        var expected = await EventIdsAfterAsync(start);
        Assert.Equal(writer.Written, expected.Count);
        await Eventually.UntilAsync(() => Task.FromResult(hubs.All(h => h.Last >= expected[^1])), Patience,
            () => $"hub clients behind: {string.Join(", ", hubs.Where(h => h.Last < expected[^1]).Select(h => h.Last))} < {expected[^1]}");
        foreach (var hub in hubs) Assert.Equal(expected, hub.Applied); // exact ids, in order: none missed, none twice
        output.WriteLine($"{hubs.Count} hub clients: each applied all {expected.Count} events in order; moves {hubs.Sum(h => h.Moves)}, " +
                         $"reconnects {hubs.Sum(h => h.Reconnects)}, duplicates skipped {hubs.Sum(h => h.Skipped)}, " +
                         $"longest away {hubs.Max(h => h.LongestAway).TotalMilliseconds:F0} ms");
        output.WriteLine($"writes: {writer.Written} landed, {writer.Errors.Count} failed attempts (retried), {writer.Retried} needed a retry, " +
                         $"slowest {writer.Slowest.TotalMilliseconds:F0} ms{string.Concat(writer.Errors.Select(e => "\n  " + e))}");

        var operating = await OperatingAsync(admin);
        foreach (var (page, context) in walls)
        {
            // Every change reached every wall: it ends on the database's figure.
            await Assertions.Expect(page.Locator("[data-testid=wall-operating] .flip-value")).ToHaveAttributeAsync("aria-label", operating);
            var watch = await WallWatch.ReadAsync(page);
            output.WriteLine($"wall: {watch.Moves} moves, longest clock gap {watch.LongestGap} ms, stale frames {watch.Stale}, " +
                             $"connection-lost frames {watch.Down}, blank-map frames {watch.BlankFrames}, kept picture shown {watch.Picture}×, " +
                             $"map painted {string.Join("/", watch.MapAfterMoveMs)} ms into each moved page");
            Assert.True(watch.Moves >= 1, "the wall never moved");
            Assert.Equal(0, watch.Stale);
            Assert.Equal(0, watch.Down);
            Assert.True(watch.BlankFrames <= watch.Moves, $"{watch.BlankFrames} frames of blank map over {watch.Moves} moves");
            await context.DisposeAsync();
        }
        foreach (var hub in hubs) await hub.DisposeAsync();
        await nodeB.DisposeAsync();
    }

    private async Task<(IPage, IBrowserContext)> OpenWallAsync(NginxProxy proxy, string key, string secret)
    {
        var context = await _app.Browser!.NewContextAsync(new() { ViewportSize = new() { Width = 1920, Height = 1080 }, Locale = "zh-CN" });
        await context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = "coverage_node", Value = key, Url = proxy.BaseAddress.ToString() }]);
        await WallWatch.InstallAsync(context);
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(proxy.BaseAddress, $"/wall?display={secret}").ToString());
        await Assertions.Expect(page.Locator("[data-testid=coverage-map][data-painted]")).ToHaveCountAsync(1);
        return (page, context);
    }

    private static Task WrittenAsync(StatusWriter writer, int count) =>
        Eventually.UntilAsync(() => Task.FromResult(writer.Written >= count), Patience, () => $"only {writer.Written} of {count} writes landed");

    private static async Task<string> OperatingAsync(HttpClient client)
    {
        using var document = JsonDocument.Parse(await client.GetStringAsync("/api/summary"));
        return document.RootElement.GetProperty("operating").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    private async Task<long> MaxEventIdAsync() => (await EventIdsAfterAsync(-1)).DefaultIfEmpty(0).Max();

    private async Task<List<long>> EventIdsAfterAsync(long start)
    {
        await using var connection = new NpgsqlConnection(_app.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id FROM station_events WHERE id > @start ORDER BY id", connection);
        command.Parameters.AddWithValue("start", start);
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) ids.Add(reader.GetInt64(0));
        return ids;
    }
}
