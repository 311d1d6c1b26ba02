using Coverage.Domain.Divisions;
using Coverage.Domain.Indicators;

namespace Coverage.Dashboard.Tests.Domain;

/// <summary>The plan indicators' progress and status rules: comparisons, the on-track path, the deadline, value validation.</summary>
public sealed class IndicatorRulesTests
{
    private static readonly DateOnly Start = new(2021, 1, 1);
    private static readonly DateOnly Deadline = new(2025, 12, 31);

    private static Indicator Make(IndicatorComparison comparison, decimal? target, decimal baseline = 0, string unit = IndicatorRules.Units.Persons) =>
        new("x", IndicatorField.MinorsProtection, "测试", "Test", unit, comparison, target, baseline, Start, Deadline,
            IndicatorLevel.Province, DerivedIndicator.None, "test");

    private static IndicatorValue Value(decimal value, int year, DateOnly? asOf = null, string scope = Indicator.Province) =>
        new("x", scope, year, value, asOf ?? new DateOnly(year, 12, 31), "test", Synthetic: true);

    [Fact]
    public void At_least_is_met_at_equality_and_more_than_is_not()
    {
        Assert.True(IndicatorRules.IsMet(Make(IndicatorComparison.AtLeast, 10_000), 10_000));
        Assert.False(IndicatorRules.IsMet(Make(IndicatorComparison.MoreThan, 1_000), 1_000));
        Assert.True(IndicatorRules.IsMet(Make(IndicatorComparison.MoreThan, 1_000), 1_001));
        Assert.Equal(1, IndicatorRules.Progress(Make(IndicatorComparison.AtLeast, 10_000), 10_000));
        Assert.True(IndicatorRules.Progress(Make(IndicatorComparison.MoreThan, 1_000), 1_000) < 1);
    }

    [Fact]
    public void Progress_runs_from_the_baseline_and_is_clamped()
    {
        var share = Make(IndicatorComparison.ShareAtLeast, 100, baseline: 40, unit: IndicatorRules.Units.Percent);
        Assert.Equal(0.5, IndicatorRules.Progress(share, 70)!.Value, 6);
        Assert.Equal(0, IndicatorRules.Progress(share, 30));
        Assert.Null(IndicatorRules.Progress(Make(IndicatorComparison.Tracked, null), 5));
    }

    [Fact]
    public void The_expected_path_is_straight_from_start_to_deadline()
    {
        var indicator = Make(IndicatorComparison.AtLeast, 1_000, baseline: 200);
        Assert.Equal(200, IndicatorRules.Expected(indicator, new DateOnly(2020, 6, 1)));
        Assert.Equal(1_000, IndicatorRules.Expected(indicator, Deadline));
        Assert.Equal(1_000, IndicatorRules.Expected(indicator, new DateOnly(2026, 10, 31)));
        var mid = Start.AddDays((Deadline.DayNumber - Start.DayNumber) / 2);
        Assert.InRange(IndicatorRules.Expected(indicator, mid)!.Value, 599.5m, 600.5m);
    }

    [Fact]
    public void Status_is_on_track_at_or_above_the_path_and_behind_below_it()
    {
        var indicator = Make(IndicatorComparison.AtLeast, 1_000);
        var day = new DateOnly(2023, 12, 31);
        var path = IndicatorRules.Expected(indicator, day)!.Value; // about 600
        Assert.Equal(IndicatorStatus.OnTrack, IndicatorRules.Standing(indicator, Indicator.Province, [Value(decimal.Ceiling(path), 2023)], day).Status);
        Assert.Equal(IndicatorStatus.Behind, IndicatorRules.Standing(indicator, Indicator.Province, [Value(decimal.Floor(path) - 1, 2023)], day).Status);
    }

    [Fact]
    public void The_latest_value_on_the_day_counts_and_later_ones_are_ignored()
    {
        var indicator = Make(IndicatorComparison.AtLeast, 1_000);
        IndicatorValue[] values = [Value(1_200, 2025), Value(100, 2021), Value(500, 2023)];
        var in2024 = IndicatorRules.Standing(indicator, Indicator.Province, values, new DateOnly(2024, 6, 30));
        Assert.Equal(500, in2024.Latest!.Value);
        var now = IndicatorRules.Standing(indicator, Indicator.Province, values, new DateOnly(2026, 10, 31));
        Assert.Equal(IndicatorStatus.Met, now.Status);
        Assert.Equal(1, now.Progress);
    }

    [Fact]
    public void After_the_deadline_an_unmet_target_is_behind_even_above_an_old_path()
    {
        var indicator = Make(IndicatorComparison.AtLeast, 1_000);
        var standing = IndicatorRules.Standing(indicator, Indicator.Province, [Value(990, 2025)], new DateOnly(2026, 1, 15));
        Assert.Equal(IndicatorStatus.Behind, standing.Status);
        Assert.True(standing.PastDeadline);
    }

    [Fact]
    public void No_value_in_scope_is_no_data_and_a_tracked_figure_is_tracked()
    {
        var indicator = Make(IndicatorComparison.AtLeast, 1_000);
        Assert.Equal(IndicatorStatus.NoData,
            IndicatorRules.Standing(indicator, "5134", [Value(2_000, 2025)], new DateOnly(2026, 1, 1)).Status);
        var tracked = Make(IndicatorComparison.Tracked, null);
        var standing = IndicatorRules.Standing(tracked, Indicator.Province, [Value(5, 2025)], new DateOnly(2026, 1, 1));
        Assert.Equal(IndicatorStatus.Tracked, standing.Status);
        Assert.Null(standing.Progress);
    }

    [Fact]
    public void A_milestone_is_met_by_one()
    {
        var milestone = Make(IndicatorComparison.Milestone, 1, unit: IndicatorRules.Units.Milestone);
        Assert.Equal(IndicatorStatus.Met, IndicatorRules.Standing(milestone, Indicator.Province, [Value(1, 2024)], new DateOnly(2025, 1, 1)).Status);
        Assert.Equal("a milestone is 0 (not reached) or 1 (reached)", IndicatorRules.Validate(milestone, Value(0.5m, 2024)));
    }

    [Theory]
    [InlineData(-1, 2024, "a value cannot be negative")]
    [InlineData(10.5, 2024, "a count of persons is a whole number")]
    [InlineData(10, 2050, "year is outside the plan's reach")]
    [InlineData(10, 2024, null)]
    public void Values_are_validated(double value, int year, string? error) =>
        Assert.Equal(error, IndicatorRules.Validate(Make(IndicatorComparison.AtLeast, 1_000), Value((decimal)value, year)));

    [Fact]
    public void A_share_is_a_percentage_and_is_not_measured_before_its_year()
    {
        var share = Make(IndicatorComparison.ShareAtLeast, 100, unit: IndicatorRules.Units.Percent);
        Assert.Equal("a share is a percentage from 0 to 100", IndicatorRules.Validate(share, Value(101, 2024)));
        Assert.Equal("measured before its year began", IndicatorRules.Validate(share, Value(50, 2024, new DateOnly(2023, 12, 31))));
    }
}

/// <summary>The station-derived indicators, counted from a snapshot as every screen sees it.</summary>
public sealed class StationIndicatorsTests
{
    private static readonly CoverageSnapshot Snapshot = Snapshots.Create(
        Snapshots.Township("510104001000", "甲", StationStatus.Operating, services: StationServices.All),                 // 3 staff, 1 certified
        Snapshots.Township("510104002000", "乙", StationStatus.Operating, services: StationServices.Needs | StationServices.Care),
        Snapshots.Township("510104003000", "丙", StationStatus.UnderConstruction, services: StationServices.All),       // not operating: carries nothing
        Snapshots.Township("513401001000", "丁", StationStatus.Operating, mode: BuildMode.CountySelfBuilt, services: StationServices.All),
        Snapshots.Township("513401002000", "戊", null),
        Snapshots.Township("513401400000", "林场", StationStatus.Operating, kind: TownshipKind.Special));              // special: not counted

    [Fact]
    public void The_province_counts_operating_stations_of_countable_townships_only()
    {
        var carry = StationIndicators.Carry(Snapshot, CoverageFilter.All);
        Assert.Equal(new StationCarry(Townships: 5, Operating: 3, SocialWorkers: 9, Certified: 3, AllSixServices: 2), carry);
        Assert.Equal(60.0m, carry.Value(DerivedIndicator.StationCoverage));
        Assert.Equal(9, carry.Value(DerivedIndicator.StationedSocialWorkers));
        Assert.Equal(33.3m, carry.Value(DerivedIndicator.CertifiedShare));
        Assert.Equal(66.7m, carry.Value(DerivedIndicator.AllSixServices));
    }

    [Fact]
    public void By_prefecture_and_by_build_mode_add_up_to_the_province()
    {
        var byPrefecture = StationIndicators.CarryBy(Snapshot, CoverageFilter.All, t => t.PrefectureCode);
        Assert.Equal(2, byPrefecture["5101"].Operating);
        Assert.Equal(100m, byPrefecture["5134"].Value(DerivedIndicator.AllSixServices));
        var byMode = StationIndicators.CarryBy(Snapshot, CoverageFilter.All, t => t.Station is null ? "none" : DomainIds.Id(t.Station.Mode));
        Assert.Equal(StationIndicators.Carry(Snapshot, CoverageFilter.All), byMode.Values.Aggregate(default(StationCarry), (a, b) => a + b));
    }

    [Fact]
    public void An_empty_scope_has_zero_shares_not_an_error() =>
        Assert.Equal(0m, StationIndicators.Carry(Snapshots.Create(), CoverageFilter.All).Value(DerivedIndicator.CertifiedShare));
}
