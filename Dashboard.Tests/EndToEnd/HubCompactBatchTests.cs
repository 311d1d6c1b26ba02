using System.Globalization;
using System.Text.Json;
using Coverage.Dashboard.Hubs;
using Microsoft.AspNetCore.SignalR.Client;

namespace Coverage.Dashboard.Tests.EndToEnd;

/// <summary>
/// The hub's compact batch (<c>UseCompactBatches</c> → <c>StationsBatch</c>, see the README's Hub section): a large transaction
/// reaches a client that asked for it as one columnar message carrying the same changes, in order, exactly once, while other
/// clients keep receiving <c>StationsChanged</c>; catching up by event id answers the same changes.
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class HubCompactBatchTests(PostgisFixture postgis) : DashboardAppTest(postgis)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_large_transaction_reaches_a_compact_client_as_one_StationsBatch_in_order_exactly_once()
    {
        await using var compact = await HubClient.ConnectAsync(App);
        await compact.UseCompactBatchesAsync();
        await using var arrays = await HubClient.ConnectAsync(App);
        await using var liangshan = await HubClient.ConnectAsync(App);
        await liangshan.Connection.InvokeAsync("JoinPrefecture", "5134");
        await liangshan.UseCompactBatchesAsync();
        // The payload as it is on the wire, for a client in any language.
        await using var raw = new HubConnectionBuilder()
            .WithUrl(new Uri(App.BaseAddress, CoverageHub.Path), o => o.AccessTokenProvider = () => Task.FromResult<string?>(App.Tokens[Role.Viewer]))
            .Build();
        var wire = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        raw.On<JsonElement>("StationsBatch", b => wire.TrySetResult(b.Clone()));
        await raw.StartAsync();
        await raw.InvokeAsync("UseCompactBatches");
        var before = await App.Database.ScalarAsync<long>("SELECT coalesce(max(id), 0) FROM station_events");

        await InsertStationsAsync(40);

        await compact.WaitForCountAsync(40, Patience);
        await arrays.WaitForCountAsync(40, Patience);
        await liangshan.WaitForCountAsync(40, Patience);
        Assert.Equal((1, 1), (compact.CompactBatches, compact.Batches));
        Assert.Equal((0, 1), (arrays.CompactBatches, arrays.Batches));
        Assert.Equal(1, liangshan.CompactBatches);
        // The same changes, field for field, as the array form and as catching up by event id.
        Assert.Equal(arrays.Received, compact.Received);
        Assert.Equal(arrays.Received, liangshan.Received);
        Assert.Equal(Enumerable.Range(100, 40), compact.Received.Select(m => m.StationId));
        Assert.Equal(Enumerable.Range(1, 40).Select(i => before + i), compact.Received.Select(m => m.EventId));
        Assert.All(compact.Received, m => Assert.Equal(("513401", "5134", StationStatus.Planned, (StationStatus?)null), (m.CountyCode, m.PrefectureCode, m.Status, m.PreviousStatus)));
        var caughtUp = await compact.Connection.InvokeAsync<List<StationChangedMessage>>("ChangesSince", before);
        Assert.Equal(compact.Received, caughtUp);

        var payload = await wire.Task.WaitAsync(Patience);
        Assert.Equal([before + 1, .. Enumerable.Repeat(1L, 39)], payload.GetProperty("eventIds").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal(["513401"], payload.GetProperty("counties").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("planned", payload.GetProperty("statuses").EnumerateArray().Select(e => e.GetString()));
        Assert.All(payload.GetProperty("previousStatus").EnumerateArray(), p => Assert.Equal(-1, p.GetInt32()));
        Assert.Empty(payload.GetProperty("goLives").EnumerateArray());
    }

    [Fact]
    public async Task Go_lives_and_previous_statuses_survive_the_columns_and_small_updates_stay_StationChanged()
    {
        await using var compact = await HubClient.ConnectAsync(App);
        await compact.UseCompactBatchesAsync();
        await using var arrays = await HubClient.ConnectAsync(App);
        await InsertStationsAsync(40);
        await compact.WaitForCountAsync(40, Patience);

        // Every new station goes live in one transaction: a batch of go-lives with their previous status.
        await App.Database.ExecuteAsync("UPDATE stations SET status = 'underConstruction', construction_started_on = '2024-02-01' WHERE id >= 100");
        await App.Database.ExecuteAsync("UPDATE stations SET status = 'operating', operating_since = '2024-06-01' WHERE id >= 100");
        await compact.WaitForCountAsync(120, Patience);
        await arrays.WaitForCountAsync(120, Patience);
        Assert.Equal(3, compact.CompactBatches);
        Assert.Equal(arrays.Received, compact.Received);
        Assert.All(compact.Received.Skip(80), m => Assert.True(m.IsGoLive && m.PreviousStatus == StationStatus.UnderConstruction));

        // One change is still one StationChanged.
        await App.Database.ExecuteAsync("UPDATE stations SET mode = 'countySelfBuilt' WHERE id = 100");
        await compact.WaitForCountAsync(121, Patience);
        Assert.Equal(3, compact.CompactBatches);
        Assert.Equal(100, compact.Received[^1].StationId);
    }

    [Fact]
    public async Task A_MessagePack_client_gets_the_same_changes_field_for_field_with_the_same_keys_and_ids()
    {
        await using var json = await HubClient.ConnectAsync(App);
        await using var binary = await HubClient.ConnectAsync(App, messagePack: true);
        await using var compact = await HubClient.ConnectAsync(App, messagePack: true);
        await compact.UseCompactBatchesAsync();
        // What a client in any language sees of a StationChanged in MessagePack: a map with the JSON contract's keys and ids.
        await using var raw = new HubConnectionBuilder()
            .WithUrl(new Uri(App.BaseAddress, CoverageHub.Path), o => o.AccessTokenProvider = () => Task.FromResult<string?>(App.Tokens[Role.Viewer]))
            .AddMessagePackProtocol()
            .Build();
        var wire = new TaskCompletionSource<Dictionary<object, object?>>(TaskCreationOptions.RunContinuationsAsynchronously);
        raw.On<Dictionary<object, object?>>("StationChanged", m => wire.TrySetResult(m));
        await raw.StartAsync();

        await InsertStationsAsync(40);
        await App.Database.ExecuteAsync("UPDATE stations SET status = 'underConstruction', construction_started_on = '2024-02-01' WHERE id = 100");

        await json.WaitForCountAsync(41, Patience);
        await binary.WaitForCountAsync(41, Patience);
        await compact.WaitForCountAsync(41, Patience);
        Assert.Equal(json.Received, binary.Received);
        Assert.Equal(json.Received, compact.Received);
        Assert.Equal((1, 0), (compact.CompactBatches, binary.CompactBatches));
        var caughtUp = await binary.Connection.InvokeAsync<List<StationChangedMessage>>("ChangesSince", json.Received[0].EventId - 1);
        Assert.Equal(json.Received, caughtUp);

        var fields = await wire.Task.WaitAsync(Patience);
        Assert.Equal(["eventId", "stationId", "townshipCode", "countyCode", "prefectureCode", "status", "mode", "occurredAt", "previousStatus", "isGoLive"],
            fields.Keys.Cast<string>());
        Assert.Equal(("underConstruction", "planned", "existingVenue", 100), (fields["status"], fields["previousStatus"], fields["mode"], Convert.ToInt32(fields["stationId"], CultureInfo.InvariantCulture)));
        Assert.Equal(json.Received[^1].OccurredAt, new DateTimeOffset((DateTime)fields["occurredAt"]!));
    }

    private Task InsertStationsAsync(int count)
    {
        var townships = string.Join(", ", Enumerable.Range(0, count).Select(i => $"('51340130{i:D2}00', '某乡{i}', '513401', 'township', false)"));
        var stations = string.Join(", ", Enumerable.Range(0, count).Select(i => $"({100 + i}, '51340130{i:D2}00', '站{i}', 'existingVenue', 'planned', '2024-01-01', 0, 0, 0)"));
        return App.Database.ExecuteAsync($"""
            BEGIN;
            INSERT INTO townships (code, name, county_code, kind, approximate) VALUES {townships};
            INSERT INTO stations (id, township_code, name, mode, status, planned_on, social_workers, certified_social_workers, services) VALUES {stations};
            COMMIT;
            """);
    }
}
