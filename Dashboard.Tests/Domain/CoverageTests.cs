using Coverage.Domain.Divisions;
using Coverage.Domain.Planning;

namespace Coverage.Dashboard.Tests.Domain;

public sealed class CoverageTests
{
    [Fact]
    public void Only_an_operating_station_covers_its_township()
    {
        Assert.True(CoverageRules.Covers(StationStatus.Operating));
        Assert.False(CoverageRules.Covers(StationStatus.Suspended));
        Assert.False(CoverageRules.Covers(StationStatus.UnderConstruction));
        Assert.False(CoverageRules.Covers(null));
    }

    [Fact]
    public void Special_units_do_not_count_in_coverage()
    {
        Assert.False(CoverageRules.CountsInCoverage(TownshipKind.Special));
        Assert.True(CoverageRules.CountsInCoverage(TownshipKind.Subdistrict));
        Assert.True(CoverageRules.CountsInCoverage(TownshipKind.Town));
        Assert.True(CoverageRules.CountsInCoverage(TownshipKind.Township));
    }

    [Fact]
    public void A_tally_adds_up_townships_by_station_state()
    {
        StationStatus?[] statuses = [StationStatus.Operating, StationStatus.Operating, StationStatus.Planned, StationStatus.Suspended, null];
        var tally = statuses.Aggregate(CoverageTally.Empty, (t, s) => t + CoverageTally.Of(s));

        Assert.Equal(new CoverageTally(5, 2, 0, 1, 1), tally);
        Assert.Equal(1, tally.WithoutStation);
        Assert.Equal(3, tally.Uncovered);
        Assert.Equal(40.0, tally.Percent, 6);
    }

    [Fact]
    public void Moving_a_township_between_states_is_a_subtraction_and_an_addition()
    {
        var tally = new CoverageTally(10, 4, 3, 3, 0);
        var after = tally - CoverageTally.Of(StationStatus.UnderConstruction) + CoverageTally.Of(StationStatus.Operating);
        Assert.Equal(new CoverageTally(10, 5, 2, 3, 0), after);
    }

    [Fact]
    public void Nothing_to_cover_is_zero_percent_not_a_division_by_zero() =>
        Assert.Equal(0, CoverageTally.Empty.Percent);

    [Fact]
    public void A_plan_target_holds_after_the_plan_ends_and_is_zero_before_it()
    {
        var p = new PrefectureCode("5101");
        PlanTarget[] targets = [new(p, 2021, 20), new(p, 2023, 60), new(p, 2025, 100)];
        Assert.Equal(0m, PlanArithmetic.TargetFor(targets, 2020));
        Assert.Equal(20m, PlanArithmetic.TargetFor(targets, 2022));
        Assert.Equal(100m, PlanArithmetic.TargetFor(targets, 2026));
    }

    [Fact]
    public void The_province_target_weights_prefectures_by_townships() =>
        Assert.Equal(75.0, PlanArithmetic.WeightedTarget([(100m, 1), (50m, 1), (75m, 2)]), 6);
}
