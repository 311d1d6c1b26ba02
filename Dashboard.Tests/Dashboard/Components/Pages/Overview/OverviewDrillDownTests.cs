using Bunit;
using Coverage.Dashboard.Components.Pages.Overview;
using Microsoft.AspNetCore.Components;

namespace Coverage.Dashboard.Tests.Dashboard.Components.Pages.Overview;

/// <summary>The overview's drill-down is one state in the URL: every figure, the heading and the breadcrumb follow it.</summary>
public sealed class OverviewDrillDownTests : DashboardBunitContext, IAsyncLifetime
{
    // 成都市: one operating, one planned. 凉山州 (西昌市): one operating, one under construction, one without a station.
    private readonly FakeCoverageFeed _feed = new(Snapshots.Create(
        Snapshots.Township("510104001000", "春熙路街道", StationStatus.Operating),
        Snapshots.Township("510105001000", "少城街道", StationStatus.Planned),
        Snapshots.Township("513401001000", "安宁镇", StationStatus.Operating, operatingSince: new DateOnly(2026, 11, 2)),
        Snapshots.Township("513401002000", "大兴乡", null),
        Snapshots.Township("513401003000", "川兴镇", StationStatus.UnderConstruction)));

    public OverviewDrillDownTests()
    {
        Services.AddSingleton<TimeProvider>(SichuanClock.At(2026, 11, 30, 10, 0));
        Services.AddSingleton<ICoverageFeed>(_feed);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services dispose asynchronously only.
    public new async Task DisposeAsync() => await base.DisposeAsync();

    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    private IRenderedComponent<OverviewPage> Open(string query, Role role = Role.Viewer)
    {
        this.SignIn(role);
        Navigation.NavigateTo(query);
        var cut = Render<OverviewPage>();
        // As if scrolled through: the panels below the map are drawn (DeferredPanels).
        cut.ShowDeferredSectionsAsync().GetAwaiter().GetResult();
        return cut;
    }

    private static string Percent(IRenderedComponent<OverviewPage> cut) => cut.Find("[data-testid=kpi-percent] .kpi__value").TextContent;

    [Fact]
    public void A_prefecture_in_the_URL_moves_the_heading_breadcrumb_KPIs_ranking_league_and_go_lives_to_it()
    {
        var cut = Open("?prefecture=5134");

        cut.WaitForAssertion(() => Assert.Equal("凉山彝族自治州 · 社工站覆盖", cut.Find("[data-testid=overview-heading]").TextContent));
        Assert.Equal("33.3%", Percent(cut));
        Assert.Equal("3", cut.Find("[data-testid=kpi-covered] .kpi-total").TextContent);
        Assert.Equal("全省凉山彝族自治州", cut.Find("[data-testid=scope-breadcrumb]").TextContent.Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal));
        Assert.Equal("./", cut.Find("[data-testid=scope-breadcrumb] a").GetAttribute("href"));
        Assert.Equal(["513401"], cut.FindAll("[data-testid=ranking-row]").Select(r => r.GetAttribute("data-code")));
        Assert.Equal(["513401"], cut.FindAll("[data-testid=league-row]").Select(r => r.GetAttribute("data-code")));
        Assert.Equal("./?prefecture=5134&county=513401", cut.Find("[data-testid=league-row] a").GetAttribute("href"));
        Assert.Single(cut.FindAll("[data-testid=go-live-row]"));
        Assert.Equal("5134", cut.Find("[data-testid=overview-scope]").GetAttribute("data-scope"));
        // The brief is the prefecture's (the scope's code, not the text of an expression).
        Assert.Equal("brief?prefecture=5134", cut.Find("[data-testid=brief-link]").GetAttribute("href"));
    }

    [Fact]
    public void Navigating_up_and_down_moves_every_figure_with_the_URL()
    {
        var cut = Open("./");
        cut.WaitForAssertion(() => Assert.Equal("40.0%", Percent(cut)));
        Assert.Equal("四川省乡镇（街道）社工站覆盖监测", cut.Find("[data-testid=overview-heading]").TextContent);
        Assert.Equal("brief?prefecture=", cut.Find("[data-testid=brief-link]").GetAttribute("href"));
        Assert.Equal(["5101", "5134"], cut.FindAll("[data-testid=league-row]").Select(r => r.GetAttribute("data-code")));

        Navigation.NavigateTo("./?prefecture=5134&county=513401");
        cut.WaitForAssertion(() => Assert.Equal("西昌市 · 社工站覆盖", cut.Find("[data-testid=overview-heading]").TextContent));
        Assert.Equal("33.3%", Percent(cut));
        Assert.Equal("true", cut.Find("[data-testid=league-row][data-code='513401'] a").GetAttribute("aria-current"));
        Assert.Equal(["./", "./?prefecture=5134"], cut.FindAll("[data-testid=scope-breadcrumb] a").Select(a => a.GetAttribute("href")));

        Navigation.NavigateTo("./");
        cut.WaitForAssertion(() => Assert.Equal("40.0%", Percent(cut)));
        Assert.Equal("province", cut.Find("[data-testid=overview-scope]").GetAttribute("data-scope"));
    }

    [Fact]
    public void A_prefecture_user_opens_the_overview_at_its_prefecture_and_may_still_go_up_to_the_province()
    {
        var cut = Open("./", Role.PrefectureStaff);

        cut.WaitForAssertion(() => Assert.EndsWith("/?prefecture=5134", Navigation.Uri, StringComparison.Ordinal));
        cut.WaitForAssertion(() => Assert.Equal("33.3%", Percent(cut)));

        Navigation.NavigateTo("./");
        cut.WaitForAssertion(() => Assert.Equal("40.0%", Percent(cut)));
    }

    [Fact]
    public void An_unknown_division_in_the_URL_shows_the_province_and_says_so()
    {
        var cut = Open("./?prefecture=9999");

        cut.WaitForAssertion(() => Assert.Equal("40.0%", Percent(cut)));
        Assert.NotNull(cut.Find("[data-testid=ignored-parameters]"));
    }

    [Fact]
    public void The_plan_by_mode_table_follows_the_drill_down()
    {
        var cut = Open("./?prefecture=5101");

        cut.WaitForAssertion(() => Assert.Equal(6, cut.Find("[data-testid=plan-by-mode-total]").QuerySelectorAll("td").Length));
        Assert.Equal(["pilot", "expansion", null], cut.FindAll("[data-testid=plan-phase]").Select(p => p.GetAttribute("data-phase")));
        Assert.Equal("三年试点（2021—2023年）", cut.FindAll("[data-testid=plan-phase]")[0].TextContent.Trim());
        var now = cut.Find("[data-testid=plan-by-mode-total] td[data-year='2026']").TextContent;
        Assert.Equal("1 / 2", string.Join(' ', now.Split(' ', '\n').Where(s => s.Length > 0)));
    }

    [Fact]
    public async Task A_go_live_in_the_drilled_prefecture_updates_its_figures_live()
    {
        var cut = Open("./?prefecture=5134");
        cut.WaitForAssertion(() => Assert.Equal("33.3%", Percent(cut)));

        var live = Snapshots.Township("513401003000", "川兴镇", StationStatus.Operating, operatingSince: new DateOnly(2026, 11, 30));
        var next = _feed.Current.With([live], _feed.Current.LastEventId + 1, DateTimeOffset.UnixEpoch);
        await _feed.PublishAsync(new CoverageUpdate(next,
            [new StationChangedMessage(next.LastEventId, live.Station!.Id, live.Code, "513401", "5134", StationStatus.Operating, live.Station.Mode, DateTimeOffset.UnixEpoch)],
            Rebuilt: false));

        cut.WaitForAssertion(() => Assert.Equal("66.7%", Percent(cut)));
        Assert.Equal("+2", cut.Find("[data-testid=league-row][data-code='513401'] [data-testid=league-month]").TextContent);
        Assert.Equal(2, cut.FindAll("[data-testid=go-live-row]").Count);
    }
}
