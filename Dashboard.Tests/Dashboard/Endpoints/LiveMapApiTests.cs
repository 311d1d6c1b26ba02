using System.Net;
using System.Text.Json.Nodes;

namespace Coverage.Dashboard.Tests.Dashboard.Endpoints;

[Collection(PostgisCollection.Name)]
public sealed class LiveMapApiTests(PostgisFixture postgis) : IAsyncLifetime
{
    private DashboardApp _app = null!;

    public async Task InitializeAsync() => _app = await DashboardApp.StartAsync(postgis, browser: false);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_station_change_committed_in_PostgreSQL_changes_the_layer_and_its_ETag()
    {
        using var client = _app.CreateClient();
        using var before = await client.GetAsync("/api/map/townships?county=510105");
        var etag = before.Headers.ETag!;
        var notifier = _app.Services.GetRequiredService<CoverageNotifier>();
        var applied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = notifier.Subscribe(u =>
        {
            if (u.Events.Any(e => e.StationId == 3)) applied.TrySetResult();
            return Task.CompletedTask;
        });

        await _app.Database.ExecuteAsync("UPDATE stations SET status = 'operating', operating_since = '2024-11-01' WHERE id = 3");
        await applied.Task.WaitAsync(TimeSpan.FromSeconds(30));

        using var revalidate = new HttpRequestMessage(HttpMethod.Get, "/api/map/townships?county=510105");
        revalidate.Headers.IfNoneMatch.Add(etag);
        using var after = await client.SendAsync(revalidate);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.NotEqual(etag, after.Headers.ETag);
        var layer = JsonNode.Parse(await after.Content.ReadAsStringAsync())!;
        var shaocheng = layer["features"]!.AsArray().Single(f => (string)f!["properties"]!["code"]! == "510105001000")!;
        Assert.Equal("operating", (string)shaocheng["properties"]!["status"]!);
    }
}
