using Npgsql;

namespace Coverage.Dashboard.Tests.EndToEnd;

/// <summary>
/// The change feed reads the events on the connection it listens on, not on one from the node's pool: a node whose pooled
/// connections are all taken (a burst of API requests, slow exports) still brings its screens and hub clients every change.
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class ChangeFeedConnectionTests(PostgisFixture postgis)
{
    private const int PoolSize = 2;

    [Fact]
    public async Task A_change_reaches_a_hub_client_while_every_pooled_connection_of_the_node_is_taken()
    {
        // A pool of two that makes a waiting request wait longer than this test's patience, so a feed that needed one would fail it.
        await using var app = await DashboardApp.StartAsync(postgis, browser: false, connection: c =>
        {
            c.MaxPoolSize = PoolSize;
            c.Timeout = 60;
        });
        await using var client = await HubClient.ConnectAsync(app);
        var pool = app.Services.GetRequiredService<NpgsqlDataSource>();
        var held = new List<NpgsqlConnection>();
        try
        {
            for (var i = 0; i < PoolSize; i++) held.Add(await pool.OpenConnectionAsync());

            await app.Database.ExecuteAsync("UPDATE stations SET status = 'operating', operating_since = '2024-11-01' WHERE id = 3");

            await client.WaitForCountAsync(1, TimeSpan.FromSeconds(20));
            Assert.Equal(3, Assert.Single(client.Received).StationId);
            var snapshot = app.Services.GetRequiredService<CoverageSnapshotStore>().Current;
            Assert.Equal(StationStatus.Operating, snapshot.ByCode["510105001000"].Station!.Status);
        }
        finally
        {
            foreach (var connection in held) await connection.DisposeAsync();
        }
    }
}
