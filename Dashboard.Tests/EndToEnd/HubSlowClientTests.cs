using System.Diagnostics;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Coverage.Dashboard.Hubs;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Coverage.Dashboard.Tests.EndToEnd;

/// <summary>
/// Hub clients that stop reading: each connection has its own bounded outbox, so a client whose socket is full only fills
/// its own; the others get their changes as fast as before, and a client too far behind is disconnected and can catch up by
/// event id (<c>ChangesSince</c>).
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class HubSlowClientTests(PostgisFixture postgis) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>One transaction of 5 × 500 = 2,500 changes (each of the fixture's 5 stations' mode toggled 500 times): one
    /// StationsChanged of ~0.6 MB.</summary>
    private const int ChangesPerFlood = 2500;
    private const string Flood = """
        DO $$ BEGIN FOR i IN 1..500 LOOP
            UPDATE stations SET mode = CASE WHEN mode = 'existingVenue' THEN 'countySelfBuilt' ELSE 'existingVenue' END;
        END LOOP; END $$
        """;

    private DashboardApp _app = null!;

    public async Task InitializeAsync() => _app = await DashboardApp.StartAsync(postgis, new Dictionary<string, string?>
    {
        ["Hub:Capacity"] = "100000", // never dropped here: the stalled client stays stalled for the whole test
    }, browser: false);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private HubOutboxes Outboxes => _app.Services.GetRequiredService<HubOutboxes>();

    [Fact]
    public async Task A_client_that_never_reads_does_not_delay_another_clients_changes()
    {
        await using var reader = await HubClient.ConnectAsync(_app);
        var baseline = await MarkerLatenciesAsync(reader, 5);

        using var stalled = await NeverReadingClientAsync();
        // Flood until the stalled client's socket and buffers are full and changes queue in its outbox.
        var expected = reader.Received.Count;
        for (var round = 0; Outboxes.LongestBacklog < 2; round++)
        {
            Assert.True(round < 40, $"the stalled client still kept up after {round} floods ({round * ChangesPerFlood:N0} changes)");
            await _app.Database.ExecuteAsync(Flood);
            expected += ChangesPerFlood;
            await reader.WaitForCountAsync(expected, Patience);
        }

        var stalledMarkers = await MarkerLatenciesAsync(reader, 5);
        Assert.True(Outboxes.LongestBacklog >= 2, "the stalled client caught up during the test");
        Assert.True(Median(stalledMarkers) <= Median(baseline) + 100,
            $"with a stalled client the median change took {Median(stalledMarkers):F0} ms to arrive, without {Median(baseline):F0} ms");
        Assert.Equal(0, Outboxes.Dropped);
    }

    [Fact]
    public async Task A_client_that_falls_too_far_behind_is_disconnected_and_catches_up_by_event_id()
    {
        await using var app = await DashboardApp.StartAsync(postgis, new Dictionary<string, string?> { ["Hub:Capacity"] = "2" }, browser: false);
        var outboxes = app.Services.GetRequiredService<HubOutboxes>();
        await using var reader = await HubClient.ConnectAsync(app);
        using var stalled = await NeverReadingClientAsync(app);

        var expected = 0;
        for (var round = 0; outboxes.Dropped == 0; round++)
        {
            Assert.True(round < 40, $"the stalled client was still connected after {round} floods");
            await app.Database.ExecuteAsync(Flood);
            expected += ChangesPerFlood;
            await reader.WaitForCountAsync(expected, Patience);
        }
        Assert.Equal(1, outboxes.Dropped);
        Assert.Equal(1, outboxes.Count);

        // What a reconnecting client does: ask for everything after the last event id it applied, page by page.
        var last = reader.Received[ChangesPerFlood / 2].EventId;
        var missed = new List<StationChangedMessage>();
        await using var again = await HubClient.ConnectAsync(app);
        while (true)
        {
            var page = await again.Connection.InvokeAsync<List<StationChangedMessage>>("ChangesSince", missed.Count > 0 ? missed[^1].EventId : last);
            if (page.Count == 0) break;
            Assert.True(page.Count <= CoverageHub.ChangesSinceLimit);
            missed.AddRange(page);
        }
        Assert.Equal(reader.Received.Where(m => m.EventId > last).Select(m => m.EventId), missed.Select(m => m.EventId));
    }

    [Fact]
    public async Task Changes_since_an_event_id_are_those_of_the_connections_scope_in_order()
    {
        await using var client = await HubClient.ConnectAsync(_app);
        var before = _app.Services.GetRequiredService<ICoverageFeed>().Current.LastEventId;
        await _app.Database.ExecuteAsync("UPDATE stations SET mode = 'existingVenue' WHERE id = 5"); // 凉山 (5134)
        await _app.Database.ExecuteAsync("UPDATE stations SET mode = 'existingVenue' WHERE id = 1"); // 成都 (5101)
        await _app.Database.ExecuteAsync("UPDATE stations SET mode = 'countySelfBuilt' WHERE id = 5");
        await client.WaitForCountAsync(3, Patience);

        var all = await client.Connection.InvokeAsync<List<StationChangedMessage>>("ChangesSince", before);
        Assert.Equal([5, 1, 5], all.Select(m => m.StationId));
        Assert.Equal(client.Received.Select(m => m.EventId), all.Select(m => m.EventId));

        await client.Connection.InvokeAsync("JoinPrefecture", "5101");
        var chengdu = await client.Connection.InvokeAsync<List<StationChangedMessage>>("ChangesSince", before);
        Assert.Equal([1], chengdu.Select(m => m.StationId));

        var refused = await Assert.ThrowsAsync<HubException>(() => client.Connection.InvokeAsync<List<StationChangedMessage>>("ChangesSince", -1L));
        Assert.Contains("0 or more", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>Commit → arrival of <paramref name="count"/> one-station changes, one after another, in ms.</summary>
    private async Task<List<double>> MarkerLatenciesAsync(HubClient reader, int count)
    {
        var latencies = new List<double>();
        for (var i = 0; i < count; i++)
        {
            var expected = reader.Received.Count + 1;
            var start = Stopwatch.GetTimestamp();
            await _app.Database.ExecuteAsync(
                "UPDATE stations SET mode = CASE WHEN mode = 'existingVenue' THEN 'countySelfBuilt' ELSE 'existingVenue' END WHERE id = 1");
            await reader.WaitForCountAsync(expected, Patience);
            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        return latencies;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private Task<ClientWebSocket> NeverReadingClientAsync() => NeverReadingClientAsync(_app);

    /// <summary>
    /// A hub client over a raw WebSocket with a small receive buffer that completes the handshake and then never reads
    /// again, like a client on a dead network or a frozen process.
    /// </summary>
    private static async Task<ClientWebSocket> NeverReadingClientAsync(DashboardApp app)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Origin", app.BaseAddress.GetLeftPart(UriPartial.Authority));
        socket.Options.SetRequestHeader("Authorization", "Bearer " + app.Tokens[Role.Viewer]);
        // The handler stays with the socket (a WebSocket keeps its connection out of the handler's pool).
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, ct) =>
            {
                var s = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveBufferSize = 4096 };
                await s.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(s, ownsSocket: true);
            },
        };
        var url = new UriBuilder(new Uri(app.BaseAddress, CoverageHub.Path)) { Scheme = "ws" }.Uri;
        await socket.ConnectAsync(url, new HttpMessageInvoker(handler, disposeHandler: false), CancellationToken.None);
        await socket.SendAsync(Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e"), WebSocketMessageType.Text, true, CancellationToken.None);
        // The handshake answer, then nothing more is read.
        var buffer = new byte[256];
        await socket.ReceiveAsync(buffer, CancellationToken.None);
        var outboxes = app.Services.GetRequiredService<HubOutboxes>();
        await Eventually.UntilAsync(() => Task.FromResult(outboxes.Count == 2), Patience, () => "the stalled client never connected");
        return socket;
    }
}
