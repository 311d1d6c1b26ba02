using Bunit;
using Coverage.Dashboard.Components.Shared;

namespace Coverage.Dashboard.Tests.Dashboard.Components.Shared;

public sealed class CoverageRankingTests : DashboardBunitContext
{
    private static CoverageFigure Row(string code, string name, int covered, int townships, double target) =>
        new(code, name, new CoverageTally(townships, covered, townships - covered, 0, 0), 2024, target);

    [Fact]
    public void Rows_are_listed_in_rank_order_with_their_gap_to_the_plan()
    {
        IReadOnlyList<CoverageFigure> rows =
        [
            Row("5101", "成都市", 90, 100, 80),
            Row("5133", "甘孜藏族自治州", 60, 80, 80),
            Row("5134", "凉山彝族自治州", 25, 50, 80),
        ];

        var cut = Render<CoverageRanking>(p => p.Add(c => c.Rows, rows));

        var items = cut.FindAll("[data-testid=ranking-row]");
        Assert.Equal(["5101", "5133", "5134"], items.Select(i => i.GetAttribute("data-code")));
        Assert.Equal(["90.0%", "75.0%", "50.0%"], items.Select(i => i.QuerySelector(".ranking-percent")!.TextContent));
        Assert.Equal("+10.0", items[0].QuerySelector(".ranking__difference")!.TextContent);
        Assert.Equal("−30.0", items[2].QuerySelector(".ranking__difference")!.TextContent);
        Assert.Contains("ranking__row--behind", items[2].ClassName, StringComparison.Ordinal);
        Assert.DoesNotContain("ranking__row--behind", items[0].ClassName, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_prefecture_links_to_its_map_view()
    {
        var cut = Render<CoverageRanking>(p => p.Add(c => c.Rows, [Row("5134", "凉山彝族自治州", 1, 2, 40)]));

        var link = cut.Find("[data-testid=ranking-row] a");
        Assert.Equal("map?prefecture=5134", link.GetAttribute("href"));
        Assert.Equal("凉山彝族自治州", link.TextContent);
    }

    [Fact]
    public void A_county_links_to_its_county_view_and_the_wall_variant_has_no_links()
    {
        var county = Render<CoverageRanking>(p => p.Add(c => c.Rows, [Row("513401", "西昌市", 1, 2, 40)]));
        Assert.Equal("map?prefecture=5134&county=513401", county.Find("[data-testid=ranking-row] a").GetAttribute("href"));

        var wall = Render<CoverageRanking>(p => p.Add(c => c.Rows, [Row("5134", "凉山彝族自治州", 1, 2, 40)]).Add(c => c.Wall, true));
        Assert.Empty(wall.FindAll("a"));
        Assert.Contains("ranking--wall", wall.Find("ol").ClassName, StringComparison.Ordinal);
    }

    [Fact]
    public void A_page_bar_is_as_wide_as_its_rate_and_a_wall_bar_the_whole_bar_scaled_to_it()
    {
        IReadOnlyList<CoverageFigure> rows = [Row("5134", "凉山彝族自治州", 6_912, 10_000, 40)];

        var page = Render<CoverageRanking>(p => p.Add(c => c.Rows, rows));
        Assert.Equal("width:69.12%", page.Find(".ranking__fill").GetAttribute("style"));

        // The wall's bar glides by a transform (compositor-only), so its fill is the bar scaled from its left end.
        var wall = Render<CoverageRanking>(p => p.Add(c => c.Rows, rows).Add(c => c.Wall, true));
        Assert.Equal("transform:scaleX(0.6912)", wall.Find(".ranking__fill").GetAttribute("style"));
        Assert.Equal("left:40%", wall.Find(".ranking__target").GetAttribute("style"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_name_or_code_carrying_markup_is_shown_as_text_on_a_page_and_on_the_wall(bool wall)
    {
        const string name = "<img src=x onerror=alert(1)>凉山\"州";
        const string code = "51\"34><b>";

        var cut = Render<CoverageRanking>(p => p.Add(c => c.Rows, [Row(code, name, 1, 2, 40)]).Add(c => c.Wall, wall));

        Assert.Empty(cut.FindAll("img"));
        Assert.Empty(cut.FindAll("b"));
        var row = cut.Find("[data-testid=ranking-row]");
        Assert.Equal(code, row.GetAttribute("data-code"));
        Assert.Equal(name, row.QuerySelector(".ranking__name")!.TextContent);
        Assert.Equal("覆盖率 50.0%，目标 40.0%", row.QuerySelector(".ranking__bar")!.GetAttribute("aria-label"));
    }

    [Fact]
    public void The_current_division_is_marked_and_its_neighbours_are_not()
    {
        var cut = Render<CoverageRanking>(p => p
            .Add(c => c.Rows, [Row("513401", "西昌市", 1, 2, 40), Row("513422", "木里藏族自治县", 1, 4, 40)])
            .Add(c => c.Current, "513422"));

        var rows = cut.FindAll("[data-testid=ranking-row]");
        Assert.DoesNotContain("ranking__row--current", rows[0].ClassName, StringComparison.Ordinal);
        Assert.Null(rows[0].QuerySelector("a")!.GetAttribute("aria-current"));
        Assert.Contains("ranking__row--current", rows[1].ClassName, StringComparison.Ordinal);
        Assert.Equal("true", rows[1].QuerySelector("a")!.GetAttribute("aria-current"));
        Assert.Equal(["1", "2"], rows.Select(r => r.QuerySelector(".ranking__rank")!.TextContent));
    }
}
