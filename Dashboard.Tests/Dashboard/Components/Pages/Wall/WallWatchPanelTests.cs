using Bunit;
using Coverage.Dashboard.Components.Pages.Wall;
using Microsoft.Extensions.Time.Testing;

namespace Coverage.Dashboard.Tests.Dashboard.Components.Pages.Wall;

public sealed class WallWatchPanelTests : DashboardBunitContext
{
    private static readonly DateOnly Today = new(2026, 11, 30);
    // 23:00 on 30 November in Sichuan (UTC+8).
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 30, 15, 0, 0, TimeSpan.Zero));

    public WallWatchPanelTests()
    {
        _clock.SetLocalTimeZone(SichuanClock.Zone);
        Services.AddSingleton<TimeProvider>(_clock);
    }

    private static TownshipState Station(string code, string name, DateOnly? planned, DateOnly? building = null, DateOnly? operating = null)
    {
        var status = operating is not null ? StationStatus.Operating : building is not null ? StationStatus.UnderConstruction : StationStatus.Planned;
        var township = Snapshots.Township(code, name, status);
        return township with { Station = township.Station! with { PlannedOn = planned, ConstructionStartedOn = building, OperatingSince = operating } };
    }

    // 成都市: 锦江区 went live today and earlier this month, 青羊区 is planned (overdue) and building (overdue); 凉山州 one old station of two.
    private static readonly TownshipState[] Townships =
    [
        Station("510104001000", "锦官驿街道", new(2025, 1, 1), new(2025, 6, 1), Today),
        Station("510104002000", "东湖街道", new(2025, 1, 1), new(2025, 6, 1), new(2026, 11, 3)),
        Station("510105001000", "少城街道", new(2025, 1, 1)),
        Station("510105002000", "草市街街道", new(2024, 1, 1), new(2025, 1, 1)),
        Station("513401001000", "安宁镇", new(2020, 1, 1), new(2020, 6, 1), new(2021, 1, 1)),
        Snapshots.Township("513401002000", "大兴乡", null),
    ];

    private IRenderedComponent<WallWatchPanel> RenderPanel(CoverageSnapshot snapshot, CoverageFilter filter) =>
        Render<WallWatchPanel>(p => p.Add(c => c.Snapshot, snapshot).Add(c => c.Filter, filter));

    [Fact]
    public void At_province_scope_it_shows_the_prefectures_behind_plan_go_lives_trend_and_overdue_stations()
    {
        var cut = RenderPanel(Snapshots.Create(Townships), CoverageFilter.All);

        // The 2026 target is 100%: 成都市 (2 of 4) and 凉山州 (1 of 2) are both 50 points behind; equal gaps go in code order.
        Assert.Contains("落后2026年计划最多的市州", cut.Find("[data-testid=watch-behind] h2").TextContent, StringComparison.Ordinal);
        var rows = cut.FindAll("[data-testid=watch-behind] li");
        Assert.Equal(["5101", "5134"], rows.Select(r => r.GetAttribute("data-code")));
        Assert.Contains("成都市", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("50.0%", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("-50.0", rows[0].TextContent, StringComparison.Ordinal);

        Assert.Equal("1", cut.Find("[data-testid=watch-today]").TextContent);
        Assert.Equal("2", cut.Find("[data-testid=watch-month]").TextContent);
        Assert.Contains("今日投运", cut.Find("[data-testid=watch-golives]").TextContent, StringComparison.Ordinal);

        // On 1 November, the first of the 30 days, only 安宁镇 operated; three do today.
        Assert.Equal("3 (+2)", cut.Find("[data-testid=watch-trend-change]").TextContent);
        Assert.Contains("近30天运营站点", cut.Find("[data-testid=watch-trend]").TextContent, StringComparison.Ordinal);
        Assert.Equal(30, cut.Find(".watch-spark-line").GetAttribute("points")!.Split(' ').Length);

        Assert.Contains("逾期：规划或在建超过12个月", cut.Find("[data-testid=watch-overdue]").TextContent, StringComparison.Ordinal);
        Assert.Equal("1", cut.Find("[data-testid=watch-overdue-planned]").TextContent);
        Assert.Equal("1", cut.Find("[data-testid=watch-overdue-building]").TextContent);
    }

    [Fact]
    public void At_prefecture_scope_it_shows_that_prefectures_counties_and_figures()
    {
        var cut = RenderPanel(Snapshots.Create(Townships), new CoverageFilter(Prefecture: "5134"));

        Assert.Contains("落后2026年计划最多的县区", cut.Find("[data-testid=watch-behind] h2").TextContent, StringComparison.Ordinal);
        Assert.Equal(["513401"], cut.FindAll("[data-testid=watch-behind] li").Select(r => r.GetAttribute("data-code")));
        Assert.Equal("0", cut.Find("[data-testid=watch-today]").TextContent);
        Assert.Equal("0", cut.Find("[data-testid=watch-month]").TextContent);
        Assert.Equal("1 (+0)", cut.Find("[data-testid=watch-trend-change]").TextContent);
        Assert.Equal("0", cut.Find("[data-testid=watch-overdue-planned]").TextContent);
    }

    [Fact]
    public void A_new_snapshot_redraws_every_figure()
    {
        var cut = RenderPanel(Snapshots.Create(Townships), new CoverageFilter(Prefecture: "5101"));
        Assert.Equal(["510105"], cut.FindAll("[data-testid=watch-behind] li").Select(r => r.GetAttribute("data-code")));

        // 少城街道 and 草市街街道 go live today: 成都 is on plan, two more go-lives, nothing overdue.
        var live = Townships.Select(t => t.Code.StartsWith("510105", StringComparison.Ordinal)
            ? Station(t.Code, t.Name, new(2024, 1, 1), new(2025, 1, 1), Today) : t).ToArray();
        cut.Render(p => p.Add(c => c.Snapshot, Snapshots.Create(live)));

        Assert.Empty(cut.FindAll("[data-testid=watch-behind] li"));
        Assert.Contains("均已达到2026年计划", cut.Find("[data-testid=watch-behind-none]").TextContent, StringComparison.Ordinal);
        Assert.Equal("3", cut.Find("[data-testid=watch-today]").TextContent);
        Assert.Equal("4", cut.Find("[data-testid=watch-month]").TextContent);
        Assert.Equal("4 (+4)", cut.Find("[data-testid=watch-trend-change]").TextContent);
        Assert.Equal("0", cut.Find("[data-testid=watch-overdue-building]").TextContent);
    }

    [Fact]
    public void At_the_provinces_midnight_today_and_this_month_start_again_without_a_new_snapshot()
    {
        var cut = RenderPanel(Snapshots.Create(Townships), CoverageFilter.All);
        Assert.Equal("1", cut.Find("[data-testid=watch-today]").TextContent);

        _clock.Advance(TimeSpan.FromMinutes(61)); // 00:01 on 1 December in Sichuan

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("0", cut.Find("[data-testid=watch-today]").TextContent);
            Assert.Equal("0", cut.Find("[data-testid=watch-month]").TextContent);
        });
    }
}
