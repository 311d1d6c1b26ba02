using Bunit;
using Coverage.Dashboard.Components.Pages.Overview;
using Coverage.Dashboard.Components.Shared;
using Coverage.Infrastructure.Data;

namespace Coverage.Dashboard.Tests.Dashboard.Components.Pages.Overview;

/// <summary>The overview over the fixture seed in PostGIS: 6 countable townships, 2 operating, targets 20/40/60/80/100 % for 2021–2025.</summary>
[Collection(PostgisCollection.Name)]
public sealed class OverviewPageTests(PostgisFixture postgis) : DashboardBunitContext, IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await postgis.CreateDatabaseAsync();
        foreach (var type in new[] { typeof(ICoverageFeed), typeof(TimeProvider) })
            Services.AddSingleton(type, _db.Services.GetRequiredService(type));
        // The page renders as in a circuit (the map reads RendererInfo for its link to the table).
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task The_overview_shows_coverage_against_the_plan_ranking_and_provenance_in_Chinese()
    {
        _db.Services.GetRequiredService<DatabaseStatus>().Set(DatabaseState.Ready);
        await _db.Services.GetRequiredService<CoverageSnapshotStore>().RebuildAsync(CancellationToken.None);

        var cut = Render<OverviewPage>();

        cut.WaitForAssertion(() => Assert.Equal("2", cut.Find("[data-testid=kpi-covered] .kpi-covered").TextContent));
        await cut.ShowDeferredSectionsAsync();
        Assert.Equal("6", cut.Find("[data-testid=kpi-covered] .kpi-total").TextContent);
        Assert.Equal("33.3%", cut.Find("[data-testid=kpi-percent] .kpi__value").TextContent);
        Assert.Equal("2", cut.Find("[data-testid=kpi-status-operating] .count-value").TextContent);
        Assert.Equal("1", cut.Find("[data-testid=kpi-status-suspended] .count-value").TextContent);
        Assert.Equal(["5101", "5134"], cut.FindAll("[data-testid=ranking-row]").Select(r => r.GetAttribute("data-code")));
        Assert.Equal(5, cut.FindAll("[data-testid=mode-row]").Count);
        Assert.Equal(3, cut.FindAll("[data-testid=go-live-row]").Count); // the suspended station went live once too
        Assert.Contains("合成数据", cut.Find("[data-testid=dataset-synthetic]").TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(cut.FindAll("[data-testid=coverage-trend] [data-testid=trend-row]"));
        Assert.NotNull(cut.Find("[data-testid=coverage-map]"));
    }

    [Fact]
    public async Task While_the_database_is_unavailable_the_page_says_so_and_then_fills_in()
    {
        var status = _db.Services.GetRequiredService<DatabaseStatus>();
        status.Set(DatabaseState.Unreachable, "connection refused");

        var cut = Render<OverviewPage>();
        cut.WaitForAssertion(() => Assert.Contains("数据库暂不可用", cut.Find("[data-testid=db-unavailable]").TextContent, StringComparison.Ordinal));

        status.Set(DatabaseState.Ready);
        await _db.Services.GetRequiredService<CoverageSnapshotStore>().RebuildAsync(CancellationToken.None);
        cut.WaitForAssertion(() => Assert.Equal("6", cut.Find("[data-testid=kpi-covered] .kpi-total").TextContent));
    }

    [Fact]
    public async Task A_station_going_live_updates_the_counters_without_a_reload()
    {
        _db.Services.GetRequiredService<DatabaseStatus>().Set(DatabaseState.Ready);
        var store = _db.Services.GetRequiredService<CoverageSnapshotStore>();
        var snapshot = await store.RebuildAsync(CancellationToken.None);
        var cut = Render<OverviewPage>();
        cut.WaitForAssertion(() => Assert.Equal("2", cut.Find("[data-testid=kpi-covered] .kpi-covered").TextContent));

        await _db.ExecuteAsync("UPDATE stations SET status = 'operating', operating_since = '2024-11-01' WHERE id = 3");
        await using (var db = _db.CreateDbContext())
        {
            var changed = await CoverageSnapshotStore.LoadTownshipsAsync(db, ["510105001000"], CancellationToken.None);
            var next = snapshot.With(changed, snapshot.LastEventId + 1, DateTimeOffset.UtcNow);
            store.Publish(next);
            await _db.Services.GetRequiredService<CoverageNotifier>().PublishAsync(new CoverageUpdate(next,
                [new StationChangedMessage(next.LastEventId, 3, "510105001000", "510105", "5101", StationStatus.Operating,
                    BuildMode.CountySelfBuilt, DateTimeOffset.UtcNow)], Rebuilt: false));
        }

        cut.WaitForAssertion(() => Assert.Equal("3", cut.Find("[data-testid=kpi-covered] .kpi-covered").TextContent));
        Assert.Equal("3", cut.Find("[data-testid=kpi-status-operating] .count-value").TextContent);
    }

    [Fact]
    public async Task The_panels_below_the_map_wait_until_they_come_into_view_then_show_and_update_live()
    {
        _db.Services.GetRequiredService<DatabaseStatus>().Set(DatabaseState.Ready);
        var store = _db.Services.GetRequiredService<CoverageSnapshotStore>();
        var snapshot = await store.RebuildAsync(CancellationToken.None);
        var cut = Render<OverviewPage>();
        cut.WaitForAssertion(() => Assert.Equal("2", cut.Find("[data-testid=kpi-covered] .kpi-covered").TextContent));

        // Until the browser reports them in view, the circuit holds placeholders: no league, no chart, no go-lives.
        Assert.Equal(["trend", "mode-mix", "league", "plan-by-mode", "go-lives"],
            cut.FindAll("[data-deferred]").Select(d => d.GetAttribute("data-deferred")));
        Assert.Empty(cut.FindAll("[data-deferred][data-shown]"));
        Assert.Empty(cut.FindAll("[data-testid=league-row]"));
        Assert.Empty(cut.FindAll("[data-testid=coverage-trend]"));
        Assert.Contains("正在加载", cut.Find("[data-deferred=league]").TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(cut.FindAll("[data-testid=ranking-row]"));

        await cut.InvokeAsync(() => cut.Instance.Panels.ShowAsync(["league"]));
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=league-row]").Count));
        Assert.Single(cut.FindAll("[data-deferred][data-shown]"));
        Assert.Contains("2/4", cut.Find("[data-testid=league-row][data-code='5101'] [data-testid=league-percent]").TextContent, StringComparison.Ordinal);

        await _db.ExecuteAsync("UPDATE stations SET status = 'operating', operating_since = '2024-11-01' WHERE id = 3");
        await using (var db = _db.CreateDbContext())
        {
            var changed = await CoverageSnapshotStore.LoadTownshipsAsync(db, ["510105001000"], CancellationToken.None);
            var next = snapshot.With(changed, snapshot.LastEventId + 1, DateTimeOffset.UtcNow);
            store.Publish(next);
            await _db.Services.GetRequiredService<CoverageNotifier>().PublishAsync(new CoverageUpdate(next,
                [new StationChangedMessage(next.LastEventId, 3, "510105001000", "510105", "5101", StationStatus.Operating,
                    BuildMode.CountySelfBuilt, DateTimeOffset.UtcNow)], Rebuilt: false));
        }

        // The shown panel follows the page's live updates like any child.
        cut.WaitForAssertion(() => Assert.Contains("3/4", cut.Find("[data-testid=league-row][data-code='5101'] [data-testid=league-percent]").TextContent, StringComparison.Ordinal));
    }
}
