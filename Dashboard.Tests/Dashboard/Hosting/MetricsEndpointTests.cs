using System.Diagnostics.Metrics;
using System.Net;
using Coverage.Dashboard.Hosting;

namespace Coverage.Dashboard.Tests.Dashboard.Hosting;

/// <summary>The Prometheus scrape endpoint: province admins only, and the live path's metrics move with a change.</summary>
[Collection(PostgisCollection.Name)]
public sealed class MetricsEndpointTests(PostgisFixture postgis) : IAsyncLifetime
{
    private DashboardApp _app = null!;

    public async Task InitializeAsync() => _app = await DashboardApp.StartAsync(postgis, browser: false);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData(null)]
    [InlineData(Role.Viewer)]
    [InlineData(Role.PrefectureStaff)]
    public async Task Only_a_province_admin_may_scrape(Role? role)
    {
        using var client = role is { } r ? _app.CreateClient(r) : _app.CreateAnonymousClient();

        using var response = await client.GetAsync(DashboardTelemetry.MetricsPath);

        Assert.Equal(role is null ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("coverage_", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_change_moves_the_feed_and_hub_metrics_and_the_platform_metrics_are_there()
    {
        using var admin = _app.CreateClient(Role.ProvinceAdmin);
        await using var hub = await HubClient.ConnectAsync(_app);
        var before = Counter(await ScrapeAsync(admin), "coverage_feed_events_total");

        await _app.Database.ExecuteAsync("UPDATE stations SET mode = CASE WHEN mode = 'existingVenue' THEN 'countySelfBuilt' ELSE 'existingVenue' END WHERE id = 1");
        await hub.WaitForCountAsync(1, TimeSpan.FromSeconds(20));

        // The exporter caches a scrape for a moment (ScrapeResponseCacheDurationMilliseconds): wait for a fresh one.
        string text = "";
        await Eventually.UntilAsync(async () =>
        {
            text = await ScrapeAsync(admin);
            return Counter(text, "coverage_feed_events_total") >= before + 1 && text.Contains("coverage_hub_sent_seconds_count", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(20), () => "the scrape never showed the change:\n" + text);

        Assert.Contains("coverage_feed_lag_seconds_bucket", text, StringComparison.Ordinal);
        var handed = text.Split('\n').Where(l => l.StartsWith("coverage_feed_handed_seconds_bucket{", StringComparison.Ordinal)).ToList();
        Assert.Contains(handed, l => l.Contains("part=\"walls\"", StringComparison.Ordinal));
        Assert.Contains(handed, l => l.Contains("part=\"screens\"", StringComparison.Ordinal));
        Assert.Contains("coverage_hub_connections", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal); // ASP.NET Core hosting
        Assert.Contains("dotnet_gc_", text, StringComparison.Ordinal);                            // the runtime
        Assert.Contains("db_client_", text, StringComparison.Ordinal);                            // Npgsql
    }

    [Fact]
    public async Task Blazor_does_not_time_every_render_of_every_page_but_its_other_instruments_are_listened_to()
    {
        using var viewer = _app.CreateClient(Role.Viewer);
        using (var page = await viewer.GetAsync("/")) Assert.Equal(HttpStatusCode.OK, page.StatusCode); // a render: Blazor's meters exist

        // This node's instruments (its own meter factory: other hosts in this process have theirs), as they stand now.
        var own = _app.Services.GetRequiredService<IMeterFactory>();
        var instruments = new List<Instrument>();
        using (var listener = new MeterListener())
        {
            listener.InstrumentPublished = (instrument, _) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, own)) instruments.Add(instrument);
            };
            listener.Start(); // called back at once for every instrument already published
        }

        foreach (var name in DashboardTelemetry.BlazorPerRenderInstruments)
        {
            var perRender = Assert.Single(instruments, i => i.Name == name);
            Assert.False(perRender.Enabled, $"{name} is measured at every render");
        }
        Assert.True(Assert.Single(instruments, i => i.Name == "aspnetcore.components.navigate").Enabled);
    }

    private static async Task<string> ScrapeAsync(HttpClient client)
    {
        using var response = await client.GetAsync(DashboardTelemetry.MetricsPath);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The value of an unlabelled counter (summed over its label sets), 0 when absent.</summary>
    private static double Counter(string text, string name) => text.Split('\n')
        .Where(l => l.StartsWith(name, StringComparison.Ordinal) && (l.Length == name.Length || l[name.Length] is ' ' or '{'))
        .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
}
