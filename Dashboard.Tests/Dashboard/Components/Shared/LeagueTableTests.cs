using Bunit;
using Coverage.Dashboard.Components.Shared;
using Coverage.Dashboard.Services;

namespace Coverage.Dashboard.Tests.Dashboard.Components.Shared;

/// <summary>The league table: one row per division with its figures, sortable from the keyboard, names linking down.</summary>
public sealed class LeagueTableTests : DashboardBunitContext
{
    private static LeagueRow Row(string code, string name, CoverageTally tally, double target, int month = 0, int overdue = 0) =>
        new(new CoverageFigure(code, name, tally, 2026, target), month, new OverdueCounts(overdue, 0));

    private static readonly IReadOnlyList<LeagueRow> Rows =
    [
        Row("5101", "成都市", new CoverageTally(10, 9, 1, 0, 0), 100, month: 2),
        Row("5133", "甘孜藏族自治州", new CoverageTally(10, 5, 2, 2, 1), 100, overdue: 3),
        Row("5134", "凉山彝族自治州", new CoverageTally(20, 14, 0, 6, 0), 100, month: 1, overdue: 1),
    ];

    private static List<string?> Codes(IRenderedComponent<LeagueTable> cut) =>
        cut.FindAll("[data-testid=league-row]").Select(r => r.GetAttribute("data-code")).ToList();

    [Fact]
    public void Each_division_has_a_row_with_coverage_plan_gap_counts_by_status_go_lives_and_overdue()
    {
        var cut = Render<LeagueTable>(p => p.Add(c => c.Rows, Rows));

        Assert.Equal(["5101", "5134", "5133"], Codes(cut)); // coverage, highest first, to begin with
        var cells = cut.Find("[data-code='5133']").QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal(["50.0% 5/10", "100.0%", "−50.0", "5", "2", "2", "1", "0", "3"], cells);
        Assert.Equal("+2", cut.Find("[data-code='5101'] [data-testid=league-month]").TextContent);
        Assert.Contains("league__row--behind", cut.Find("[data-code='5133']").ClassName, StringComparison.Ordinal);
        var headers = cut.FindAll("thead th").Select(h => h.TextContent.Trim()).ToList();
        Assert.Equal(["地区", "覆盖率 ▼", "规划目标", "差距（百分点）", "运营中", "建设中", "规划中", "暂停", "本月新增", "超期"], headers);
        Assert.Contains("超过12个月", cut.Find(".league__note").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_column_sorts_from_a_header_button_with_aria_sort_and_the_same_button_flips_the_order()
    {
        var cut = Render<LeagueTable>(p => p.Add(c => c.Rows, Rows));
        Assert.Equal("descending", cut.Find("[data-testid=league-sort-percent]").ParentElement!.GetAttribute("aria-sort"));

        cut.Find("[data-testid=league-sort-overdue]").Click();
        Assert.Equal(["5133", "5134", "5101"], Codes(cut));
        Assert.Equal("descending", cut.Find("[data-testid=league-sort-overdue]").ParentElement!.GetAttribute("aria-sort"));
        Assert.Null(cut.Find("[data-testid=league-sort-percent]").ParentElement!.GetAttribute("aria-sort"));

        cut.Find("[data-testid=league-sort-overdue]").Click();
        Assert.Equal(["5101", "5134", "5133"], Codes(cut));
        Assert.Equal("ascending", cut.Find("[data-testid=league-sort-overdue]").ParentElement!.GetAttribute("aria-sort"));

        cut.Find("[data-testid=league-sort-name]").Click(); // names sort in code order first
        Assert.Equal(["5101", "5133", "5134"], Codes(cut));

        cut.Find("[data-testid=league-sort-planned]").Click();
        Assert.Equal(["5134", "5133", "5101"], Codes(cut));
        Assert.All(cut.FindAll("thead th button"), b => Assert.Equal("button", b.GetAttribute("type")));
    }

    [Fact]
    public void Names_link_to_the_map_by_default_or_drill_down_on_the_overview_and_the_current_county_is_marked()
    {
        IReadOnlyList<LeagueRow> counties =
        [
            Row("513401", "西昌市", new CoverageTally(3, 1, 0, 1, 0), 100),
            Row("513422", "木里藏族自治县", new CoverageTally(2, 0, 0, 0, 0), 100),
        ];

        var map = Render<LeagueTable>(p => p.Add(c => c.Rows, counties));
        Assert.Equal("map?prefecture=5134&county=513401", map.Find("[data-code='513401'] a").GetAttribute("href"));

        var overview = Render<LeagueTable>(p => p.Add(c => c.Rows, counties).Add(c => c.Href, DivisionLinks.Overview).Add(c => c.Current, "513401"));
        Assert.Equal("./?prefecture=5134&county=513422", overview.Find("[data-code='513422'] a").GetAttribute("href"));
        Assert.Equal("true", overview.Find("[data-code='513401'] a").GetAttribute("aria-current"));
        Assert.Contains("league__row--current", overview.Find("[data-code='513401']").ClassName, StringComparison.Ordinal);
        Assert.Null(overview.Find("[data-code='513422'] a").GetAttribute("aria-current"));
    }

    [Fact]
    public void An_empty_scope_says_so()
    {
        var cut = Render<LeagueTable>(p => p.Add(c => c.Rows, []));
        Assert.Equal("此范围内没有下级行政区。", cut.Find("[data-testid=league-empty]").TextContent);
    }
}
