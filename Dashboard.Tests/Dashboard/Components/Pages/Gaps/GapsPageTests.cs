using Bunit;
using Coverage.Dashboard.Components.Pages.Gaps;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Coverage.Dashboard.Tests.Dashboard.Components.Pages.Gaps;

/// <summary>The gap list page on an in-memory snapshot: grouping, links, the URL filter, overdue only, sorting, export links and live updates.</summary>
public sealed class GapsPageTests : DashboardBunitContext, IAsyncLifetime
{
    private static TownshipState Planned(string code, string name, DateOnly planned)
    {
        var t = Snapshots.Township(code, name, StationStatus.Planned);
        return t with { Station = t.Station! with { PlannedOn = planned } };
    }

    // On 2025-06-30 (plan year 2025 not yet passed): 青羊区 one planned long ago (overdue) and one recently; 西昌市 one suspended,
    // one without a station; 锦江区 all operating.
    private static readonly TownshipState[] Townships =
    [
        Snapshots.Township("510104001000", "锦官驿街道", StationStatus.Operating),
        Planned("510105001000", "草市街道", new DateOnly(2024, 1, 1)),
        Planned("510105002000", "少城街道", new DateOnly(2025, 5, 1)),
        Snapshots.Township("513401100000", "安宁镇", StationStatus.Suspended),
        Snapshots.Township("513401200000", "大兴乡", null),
    ];

    private readonly FakeCoverageFeed _feed = new(Snapshots.Create(Townships));

    public GapsPageTests()
    {
        Services.AddSingleton<TimeProvider>(SichuanClock.At(2025, 6, 30, 9, 0));
        Services.AddSingleton<ICoverageFeed>(_feed);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public new async Task DisposeAsync() => await base.DisposeAsync();

    private IRenderedComponent<GapsPage> Open(Role role, string query = "")
    {
        this.SignIn(role);
        Render<MudPopoverProvider>();
        Services.GetRequiredService<NavigationManager>().NavigateTo("gaps" + query);
        return Render<GapsPage>();
    }

    private static List<string?> Codes(IRenderedComponent<GapsPage> cut) =>
        cut.FindAll("[data-testid=gap-row]").Select(r => r.GetAttribute("data-code")).ToList();

    [Fact]
    public void Gaps_are_listed_by_county_with_the_countys_coverage_plan_gap_and_count()
    {
        var cut = Open(Role.Viewer);

        cut.WaitForAssertion(() => Assert.Equal(4, Codes(cut).Count));
        Assert.Equal(["510105", "513401"], cut.FindAll("[data-testid=gap-county]").Select(c => c.GetAttribute("data-code")));
        var qingyang = cut.Find("[data-testid=gap-county][data-code='510105'] th").TextContent;
        Assert.Contains("青羊区", qingyang, StringComparison.Ordinal);
        Assert.Contains("覆盖率 0.0%（0/2）", qingyang, StringComparison.Ordinal);
        Assert.Contains("2025年计划 100.0%", qingyang, StringComparison.Ordinal);
        Assert.Contains("差距 -100.0 个百分点", qingyang, StringComparison.Ordinal);
        Assert.Contains("未运营 2 个，逾期 1 个", qingyang, StringComparison.Ordinal);
        Assert.Contains("共 4 个乡镇（街道）未运营社工站，其中逾期 1 个（截至 2025-06-30）", cut.Find("[data-testid=gaps-summary]").TextContent, StringComparison.Ordinal);

        var overdue = cut.Find("[data-testid=gap-row][data-code='510105001000']");
        Assert.Contains("逾期", overdue.TextContent, StringComparison.Ordinal);
        Assert.Contains("同一阶段超过12个月", overdue.TextContent, StringComparison.Ordinal);
        Assert.Equal("/stations/" + Townships[1].Station!.Id, overdue.QuerySelector("a")!.GetAttribute("href"));
        // A viewer may not propose: the township without a station is plain text.
        Assert.Null(cut.Find("[data-testid=gap-row][data-code='513401200000']").QuerySelector("a"));
    }

    [Fact]
    public void A_county_user_in_scope_gets_the_propose_link_for_a_township_without_a_station()
    {
        var cut = Open(Role.CountyStaff);

        cut.WaitForAssertion(() => Assert.Equal("/stations/propose?township=513401200000",
            cut.Find("[data-testid=gap-row][data-code='513401200000'] a").GetAttribute("href")));
    }

    [Fact]
    public void The_url_filter_and_overdue_only_narrow_the_list_and_the_export_links_carry_them()
    {
        var cut = Open(Role.Viewer, "?prefecture=5101&overdue=true");

        cut.WaitForAssertion(() => Assert.Equal(["510105001000"], Codes(cut)));
        Assert.Equal("/api/gaps?prefecture=5101&overdue=true&format=xlsx", cut.Find("[data-testid=export-xlsx]").GetAttribute("href"));
        Assert.Equal("/api/gaps?prefecture=5101&overdue=true&format=csv", cut.Find("[data-testid=export-csv]").GetAttribute("href"));

        cut.Find("input[data-testid=gaps-overdue-only]").Change(false);
        Assert.EndsWith("/gaps?prefecture=5101", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    [Fact]
    public void Columns_sort_within_each_county()
    {
        var cut = Open(Role.Viewer);
        cut.WaitForAssertion(() => Assert.Equal(4, Codes(cut).Count));
        // By default the longest-standing first.
        Assert.Equal(["510105001000", "510105002000"], Codes(cut).Take(2));

        cut.Find("button[data-sort=days]").Click();
        Assert.Equal(["510105002000", "510105001000"], Codes(cut).Take(2));
        Assert.Equal("ascending", cut.Find("button[data-sort=days]").ParentElement!.GetAttribute("aria-sort"));
    }

    [Fact]
    public async Task A_gap_that_goes_live_leaves_the_list_and_an_empty_view_says_so()
    {
        var cut = Open(Role.Viewer, "?county=510105");
        cut.WaitForAssertion(() => Assert.Equal(2, Codes(cut).Count));

        var live = Townships.Select(t => t.CountyCode == "510105"
            ? t with { Station = t.Station! with { Status = StationStatus.Operating, ConstructionStartedOn = new DateOnly(2025, 5, 2), OperatingSince = new DateOnly(2025, 6, 1) } }
            : t).ToArray();
        await _feed.PublishAsync(new CoverageUpdate(Snapshots.Create(live), [], Rebuilt: true));

        cut.WaitForAssertion(() => Assert.Equal("当前范围内所有乡镇（街道）均已运营社工站。", cut.Find("[data-testid=gaps-empty]").TextContent));
    }
}
