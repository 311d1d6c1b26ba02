using Bunit;
using Coverage.Dashboard.Components.Shared;
using Coverage.Dashboard.Services;

namespace Coverage.Dashboard.Tests.Dashboard.Components.Shared;

public sealed class KpiCountersTests : DashboardBunitContext
{
    [Fact]
    public void The_counters_show_coverage_the_pipeline_and_the_gap_to_this_years_plan_in_Chinese()
    {
        var figure = new CoverageFigure(null, null, new CoverageTally(Townships: 3101, Operating: 2150, UnderConstruction: 386, Planned: 547, Suspended: 18), 2024, 80);

        var cut = Render<KpiCounters>(p => p.Add(c => c.Figure, figure));

        Assert.Equal("69.3%", cut.Find("[data-testid=kpi-percent] .kpi__value").TextContent);
        Assert.Equal("2,150", cut.Find("[data-testid=kpi-covered] .kpi-covered").TextContent);
        Assert.Equal("3,101", cut.Find("[data-testid=kpi-covered] .kpi-total").TextContent);
        Assert.Contains("尚未覆盖 951 个", cut.Find("[data-testid=kpi-covered]").TextContent, StringComparison.Ordinal);
        Assert.Equal("386", cut.Find("[data-testid=kpi-status-underConstruction] .count-value").TextContent);
        Assert.Equal("547", cut.Find("[data-testid=kpi-status-planned] .count-value").TextContent);
        Assert.Equal("18", cut.Find("[data-testid=kpi-status-suspended] .count-value").TextContent);
        Assert.Contains("运营中", cut.Find("[data-testid=kpi-status-operating]").TextContent, StringComparison.Ordinal);
        Assert.Contains("2024 年计划目标", cut.Find("[data-testid=kpi-plan]").TextContent, StringComparison.Ordinal);
        Assert.Equal("80.0%", cut.Find("[data-testid=kpi-plan] .kpi__value").TextContent);
        Assert.Equal("低于目标 10.7 个百分点", cut.Find("[data-testid=kpi-plan] .kpi-difference").TextContent);
        Assert.Contains("kpi--behind", cut.Find("[data-testid=kpi-plan]").ClassName, StringComparison.Ordinal);
    }

    [Fact]
    public void Being_ahead_of_the_plan_is_said_as_such()
    {
        var figure = new CoverageFigure(null, null, new CoverageTally(10, 9, 1, 0, 0), 2023, 60);

        var cut = Render<KpiCounters>(p => p.Add(c => c.Figure, figure));

        Assert.Equal("高于目标 30.0 个百分点", cut.Find("[data-testid=kpi-plan] .kpi-difference").TextContent);
        Assert.Contains("kpi--ahead", cut.Find("[data-testid=kpi-plan]").ClassName, StringComparison.Ordinal);
    }

    [Fact]
    public void In_English_the_same_counters_read_in_English()
    {
        using var english = new EnglishContext();
        var cut = english.Render<KpiCounters>(p => p.Add(c => c.Figure, new CoverageFigure(null, null, new CoverageTally(4, 1, 1, 1, 1), 2022, 40)));

        Assert.Contains("Coverage", cut.Find("[data-testid=kpi-percent]").TextContent, StringComparison.Ordinal);
        Assert.Equal("15.0 points behind plan", cut.Find("[data-testid=kpi-plan] .kpi-difference").TextContent);
    }

    private sealed class EnglishContext() : DashboardBunitContext("en");
}
