using System.Diagnostics;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Npgsql;

namespace Coverage.Dashboard.Tests.EndToEnd;

/// <summary>The change feed end to end: a write in PostgreSQL → trigger → NOTIFY → listener → snapshot → hub clients.</summary>
[Collection(PostgisCollection.Name)]
public sealed class LiveUpdateTests(PostgisFixture postgis) : DashboardAppTest(postgis)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private CoverageSnapshotStore Store => App.Services.GetRequiredService<CoverageSnapshotStore>();

    [Fact]
    public async Task A_change_written_by_plain_SQL_reaches_the_snapshot_and_a_hub_client()
    {
        await using var client = await HubClient.ConnectAsync(App);

        await App.Database.ExecuteAsync("UPDATE stations SET status = 'operating', operating_since = '2024-11-01' WHERE id = 3");

        await client.WaitForCountAsync(1, Patience);
        var change = Assert.Single(client.Received);
        Assert.Equal((3, "510105001000", "510105", "5101", StationStatus.Operating, BuildMode.CountySelfBuilt),
            (change.StationId, change.TownshipCode, change.CountyCode, change.PrefectureCode, change.Status, change.Mode));
        Assert.Equal(StationStatus.Operating, Store.Current.ByCode["510105001000"].Station!.Status);
        Assert.Equal(change.EventId, Store.Current.LastEventId);
    }

    [Fact]
    public async Task A_client_that_joined_a_prefecture_receives_only_its_changes()
    {
        await using var chengdu = await HubClient.ConnectAsync(App);
        await chengdu.Connection.InvokeAsync("JoinPrefecture", "5101");
        await using var everything = await HubClient.ConnectAsync(App);

        await App.Database.ExecuteAsync("UPDATE stations SET mode = 'existingVenue' WHERE id = 5"); // 凉山 (5134)
        await App.Database.ExecuteAsync("UPDATE stations SET mode = 'existingVenue' WHERE id = 1"); // 成都 (5101)

        await everything.WaitForCountAsync(2, Patience);
        await chengdu.WaitForCountAsync(1, Patience);
        Assert.Equal([1], chengdu.Received.Select(m => m.StationId));
        Assert.Equal([5, 1], everything.Received.Select(m => m.StationId));
    }

    [Fact]
    public async Task Joining_another_prefecture_replaces_the_one_joined_before()
    {
        await using var client = await HubClient.ConnectAsync(App);
        await client.Connection.InvokeAsync("JoinPrefecture", "5101");
        await client.Connection.InvokeAsync("JoinPrefecture", "5134");

        await ToggleModeAsync(1); // 成都 (5101)
        await ToggleModeAsync(5); // 凉山 (5134)
        await ToggleModeAsync(5);

        // Messages reach one connection in event-id order, so a 5101 change would arrive before the 5134 ones.
        await client.WaitForCountAsync(2, Patience);
        Assert.Equal([5, 5], client.Received.Select(m => m.StationId));
    }

    [Fact]
    public async Task Joining_the_province_again_receives_every_prefecture_once()
    {
        await using var client = await HubClient.ConnectAsync(App);
        await client.Connection.InvokeAsync("JoinPrefecture", "5101");
        await client.Connection.InvokeAsync("JoinProvince");

        // One change at a time, so each is its own update: had the client stayed in the 5101 group as well, station 1's
        // change would be sent to it twice, both before the last change is.
        await ToggleModeAsync(5); // 凉山 (5134)
        await client.WaitForCountAsync(1, Patience);
        await ToggleModeAsync(1); // 成都 (5101)
        await client.WaitForCountAsync(2, Patience);
        await ToggleModeAsync(5);
        await client.WaitForCountAsync(3, Patience);

        Assert.Equal([5, 1, 5], client.Received.Select(m => m.StationId));
    }

    [Fact]
    public async Task Joining_an_unknown_prefecture_is_refused()
    {
        await using var client = await HubClient.ConnectAsync(App);
        var error = await Assert.ThrowsAsync<HubException>(() => client.Connection.InvokeAsync("JoinPrefecture", "5199"));
        Assert.Contains("Unknown prefecture code '5199'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Killing_the_listener_mid_stream_loses_nothing_and_duplicates_nothing()
    {
        await using var client = await HubClient.ConnectAsync(App);
        var start = await App.Database.ScalarAsync<long>("SELECT coalesce(max(id), 0) FROM station_events");
        var feed = App.Services.GetRequiredService<ChangeFeedStatus>();
        var reconnectsBefore = feed.Reconnects;

        for (var i = 0; i < 60; i++)
        {
            await ToggleModeAsync(1 + i % 5);
            if (i == 20) await TerminateListenerAsync();
        }

        var expected = await EventIdsAfterAsync(start);
        Assert.Equal(60, expected.Count);
        await client.WaitForCountAsync(expected.Count, Patience);
        Assert.Equal(expected, client.Received.Select(m => m.EventId));
        Assert.True(feed.Reconnects > reconnectsBefore, "the listener should have reconnected");
        await AssertSnapshotMatchesDatabaseAsync();
    }

    [Fact]
    public async Task A_PostgreSQL_restart_loses_nothing_and_duplicates_nothing()
    {
        await using var client = await HubClient.ConnectAsync(App);
        var start = await App.Database.ScalarAsync<long>("SELECT coalesce(max(id), 0) FROM station_events");

        for (var i = 0; i < 10; i++) await ToggleModeAsync(1 + i % 5);
        await PostgresCluster.RestartAsync();
        var back = Stopwatch.StartNew();
        for (var i = 0; i < 10; i++) await ToggleModeAsync(1 + i % 5);

        var expected = await EventIdsAfterAsync(start);
        Assert.Equal(20, expected.Count);
        await client.WaitForCountAsync(expected.Count, TimeSpan.FromSeconds(10));
        Assert.True(back.Elapsed < TimeSpan.FromSeconds(10), $"delivered {back.Elapsed.TotalSeconds:F1} s after the database returned");
        Assert.Equal(expected, client.Received.Select(m => m.EventId));
        await AssertSnapshotMatchesDatabaseAsync();
    }

    [Fact]
    public async Task A_burst_of_changes_in_one_transaction_arrives_as_one_update()
    {
        var notifier = App.Services.GetRequiredService<CoverageNotifier>();
        var updates = new List<CoverageUpdate>();
        var done = new TaskCompletionSource();
        using var subscription = notifier.Subscribe(u =>
        {
            lock (updates) updates.Add(u);
            if (u.Events.Count > 0) done.TrySetResult();
            return Task.CompletedTask;
        });

        await App.Database.ExecuteAsync("UPDATE stations SET mode = 'existingVenue' WHERE mode <> 'existingVenue'");

        await done.Task.WaitAsync(Patience);
        var update = Assert.Single(updates);
        Assert.Equal(4, update.Events.Count);
        Assert.All(update.Snapshot.Townships.Where(t => t.Station is not null), t => Assert.Equal(BuildMode.ExistingVenue, t.Station!.Mode));
    }

    [Fact]
    public async Task A_large_transaction_reaches_hub_clients_as_one_ordered_batch()
    {
        await using var everything = await HubClient.ConnectAsync(App);
        var values = string.Join(", ", Enumerable.Range(0, 40).Select(i => $"('51340130{i:D2}00', '某乡{i}', '513401', 'township', false)"));
        var stations = string.Join(", ", Enumerable.Range(0, 40).Select(i => $"({100 + i}, '51340130{i:D2}00', '站{i}', 'existingVenue', 'planned', '2024-01-01', 0, 0, 0)"));
        await App.Database.ExecuteAsync($"""
            BEGIN;
            INSERT INTO townships (code, name, county_code, kind, approximate) VALUES {values};
            INSERT INTO stations (id, township_code, name, mode, status, planned_on, social_workers, certified_social_workers, services) VALUES {stations};
            COMMIT;
            """);

        await everything.WaitForCountAsync(40, Patience);
        Assert.Equal(1, everything.Batches);
        Assert.Equal(Enumerable.Range(100, 40), everything.Received.Select(m => m.StationId));
        Assert.True(everything.Received.Zip(everything.Received.Skip(1)).All(p => p.First.EventId < p.Second.EventId));
        Assert.Equal(40, Store.Current.Townships.Count(t => t.Name.StartsWith("某乡", StringComparison.Ordinal)));
    }

    private async Task ToggleModeAsync(int stationId) =>
        await App.Database.ExecuteAsync($"""
            UPDATE stations SET mode = CASE WHEN mode = 'existingVenue' THEN 'countySelfBuilt' ELSE 'existingVenue' END WHERE id = {stationId}
            """);

    private async Task TerminateListenerAsync()
    {
        var killed = await App.Database.ScalarAsync<long>(
            $"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '{ChangeFeedConnectionFactory.ApplicationName}' AND datname = current_database()");
        Assert.Equal(1L, killed);
    }

    private async Task<List<long>> EventIdsAfterAsync(long start)
    {
        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT id FROM station_events WHERE id > {start} ORDER BY id", connection);
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) ids.Add(reader.GetInt64(0));
        return ids;
    }

    private async Task AssertSnapshotMatchesDatabaseAsync()
    {
        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT township_code, status, mode FROM stations ORDER BY township_code", connection);
        var database = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) database.Add($"{reader.GetString(0)} {reader.GetString(1)} {reader.GetString(2)}");
        var snapshot = Store.Current.Townships.Where(t => t.Station is not null)
            .Select(t => $"{t.Code} {DomainIds.Id(t.Station!.Status)} {DomainIds.Id(t.Station.Mode)}").ToList();
        Assert.Equal(database, snapshot);
    }
}
