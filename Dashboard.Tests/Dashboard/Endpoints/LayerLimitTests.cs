using System.Net;
using System.Text.Json.Nodes;

namespace Coverage.Dashboard.Tests.Dashboard.Endpoints;

/// <summary>
/// Ad-hoc map layers are bounded: building a layer nobody asked for yet (a new asOf) is limited per user (set low here);
/// past it the user gets 429 with Retry-After and a problem saying why, while layers already built, other users and
/// /healthz are still served. Each test uses its own user and its own dates (the app and its cache are shared).
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class LayerLimitTests(LayerLimitTests.LimitedApp fixture) : IClassFixture<LayerLimitTests.LimitedApp>
{
    private const int BuildLimit = 3;

    private readonly DashboardApp _app = fixture.App;

    public sealed class LimitedApp(PostgisFixture postgis) : IAsyncLifetime
    {
        public DashboardApp App { get; private set; } = null!;

        public async Task InitializeAsync() => App = await DashboardApp.StartAsync(postgis, new Dictionary<string, string?>
        {
            ["Limits:LayerBuildsPerWindow"] = BuildLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Limits:LayerBuildWindowSeconds"] = "300",
        }, browser: false);

        public async Task DisposeAsync() => await App.DisposeAsync();
    }

    [Fact]
    public async Task A_user_past_the_layer_build_limit_gets_429_with_Retry_After_while_another_user_and_healthz_are_served()
    {
        using var viewer = _app.CreateClient(Role.Viewer);
        for (var day = 1; day <= BuildLimit; day++)
        {
            using var built = await viewer.GetAsync($"/api/map/counties?asOf=2022-01-{day:00}");
            Assert.Equal(HttpStatusCode.OK, built.StatusCode);
        }

        using var refused = await viewer.GetAsync("/api/map/townships?asOf=2022-01-20");
        using var cached = await viewer.GetAsync("/api/map/counties?asOf=2022-01-01");
        using var otherUser = await _app.CreateClient(Role.ProvinceAdmin).GetAsync("/api/map/townships?asOf=2022-01-20");
        using var health = await _app.CreateAnonymousClient().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 300);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
        Assert.Equal(429, (int)problem["status"]!);
        Assert.Contains("new map layers", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, cached.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherUser.StatusCode);
        Assert.Equal("FeatureCollection", (string)JsonNode.Parse(await otherUser.Content.ReadAsStringAsync())!["type"]!);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Healthz_answers_while_many_layers_are_built_and_refused_at_once()
    {
        using var county = _app.CreateClient(Role.CountyStaff);
        using var prefecture = _app.CreateClient(Role.PrefectureStaff);
        var load = Enumerable.Range(1, 24).Select(async i =>
        {
            using var response = await (i % 2 == 0 ? county : prefecture).GetAsync($"/api/map/townships?asOf=2023-03-{i:00}");
            return response.StatusCode;
        }).ToList();
        using var health = await _app.CreateAnonymousClient().GetAsync("/healthz");
        var statuses = await Task.WhenAll(load);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(2 * BuildLimit, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
    }

    [Fact]
    public async Task The_layer_cache_reports_its_size_in_bytes_and_the_refusals_at_metrics()
    {
        using var admin = _app.CreateClient(Role.ProvinceAdmin);
        using var layer = await admin.GetAsync("/api/map/counties?asOf=2024-06-30");
        Assert.Equal(HttpStatusCode.OK, layer.StatusCode);

        // The exporter caches a scrape for a moment: wait for one taken after the build.
        var text = "";
        await Eventually.UntilAsync(async () =>
        {
            text = await admin.GetStringAsync("/metrics");
            return text.Contains("coverage_layers_build_seconds_count", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(20), () => "the scrape never showed a layer build:\n" + text);

        var size = text.Split('\n').Single(l => l.StartsWith("coverage_layers_size_bytes", StringComparison.Ordinal));
        Assert.True(double.Parse(size[(size.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture) > 0, size);
        Assert.Contains("coverage_layers_entries", text, StringComparison.Ordinal);
    }
}
