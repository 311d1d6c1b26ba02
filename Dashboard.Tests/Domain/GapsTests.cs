using Coverage.Domain.Divisions;

namespace Coverage.Dashboard.Tests.Domain;

/// <summary>The gap list (未覆盖清单): which townships are gaps, since when, and the overdue rule's edges.</summary>
public sealed class GapsTests
{
    /// <summary>A township whose station has the given dates (the status follows from them, as the read model's would).</summary>
    private static TownshipState Station(string code, DateOnly? planned, DateOnly? building = null, DateOnly? operating = null,
        DateOnly? suspended = null, TownshipKind kind = TownshipKind.Town, BuildMode mode = BuildMode.ProvincialSubsidy)
    {
        var status = suspended is not null ? StationStatus.Suspended
            : operating is not null ? StationStatus.Operating
            : building is not null ? StationStatus.UnderConstruction : StationStatus.Planned;
        var township = Snapshots.Township(code, "乡" + code[^6..], status, kind: kind, mode: mode);
        return township with
        {
            Station = township.Station! with { PlannedOn = planned, ConstructionStartedOn = building, OperatingSince = operating, SuspendedOn = suspended },
        };
    }

    // Plan: 20/40/60/80/100 % for 2021–2025, so each prefecture's plan year (100 %) is 2025.
    private static readonly CoverageSnapshot Snapshot = Snapshots.Create(
        Station("510104001000", new(2023, 6, 29)),                                   // planned, one day over twelve months on 2024-06-30
        Station("510104002000", new(2023, 6, 30)),                                   // planned exactly twelve months on 2024-06-30
        Station("510104003000", new(2022, 1, 1), new(2023, 6, 29)),                  // building, one day over
        Station("510104004000", new(2022, 1, 1), new(2022, 6, 1), new(2023, 1, 1)),  // operating: never a gap
        Station("510105001000", new(2022, 1, 1), new(2022, 6, 1), new(2023, 1, 1), new(2024, 3, 1), mode: BuildMode.CountySelfBuilt), // suspended
        Station("510105002000", new(2022, 1, 1), new(2022, 6, 1), new(2024, 3, 1)),  // went live 2024-03-01
        Station("510105003000", planned: null),                                      // planned, no date
        Snapshots.Township("513401002000", "大兴乡", null),                           // no station
        Snapshots.Township("513401400000", "林场", null, kind: TownshipKind.Special)); // special unit: never counted

    private static readonly CoverageFigures Figures = new(SichuanClock.At(2026, 11, 30, 9, 0));

    private static readonly DateOnly MidYear = new(2024, 6, 30);

    private static GapRow Row(GapList list, string code) => list.Rows.Single(r => r.Township.Code == code);

    [Fact]
    public void A_gap_is_a_countable_township_without_an_operating_station()
    {
        var gaps = Gaps.For(Snapshot, Figures, CoverageFilter.All);
        Assert.Equal(["510104001000", "510104002000", "510104003000", "510105001000", "510105003000", "513401002000"],
            gaps.Rows.Select(r => r.Township.Code).Order(StringComparer.Ordinal));
        Assert.Null(Row(gaps, "513401002000").Status);
        Assert.Equal(StationStatus.Suspended, Row(gaps, "510105001000").Status);
    }

    [Fact]
    public void Stuck_means_planned_or_building_for_longer_than_twelve_months_and_exactly_twelve_is_not_overdue()
    {
        var gaps = Gaps.For(Snapshot, Figures, new CoverageFilter(AsOf: MidYear));

        Assert.Equal(OverdueReasons.Stuck, Row(gaps, "510104001000").Overdue);
        Assert.Equal(367, Row(gaps, "510104001000").DaysSince);
        Assert.Equal(OverdueReasons.None, Row(gaps, "510104002000").Overdue);
        Assert.Equal(366, Row(gaps, "510104002000").DaysSince);
        Assert.Equal(OverdueReasons.Stuck, Row(gaps, "510104003000").Overdue);
        Assert.Equal(new DateOnly(2023, 6, 29), Row(gaps, "510104003000").Since);
        // Suspended and no station are never stuck; a planned station without a date has nothing to count from.
        Assert.Equal(OverdueReasons.None, Row(gaps, "510105001000").Overdue);
        Assert.Equal(OverdueReasons.None, Row(gaps, "513401002000").Overdue);
        Assert.Null(Row(gaps, "510105003000").DaysSince);
        Assert.Equal(OverdueReasons.None, Row(gaps, "510105003000").Overdue);
        Assert.Equal(12, CoverageFigures.OverdueAfterMonths);
    }

    [Fact]
    public void As_of_a_past_day_a_station_that_went_live_later_is_a_gap_in_the_state_it_had_then()
    {
        var gaps = Gaps.For(Snapshot, Figures, new CoverageFilter(AsOf: new DateOnly(2024, 2, 29)));

        var later = Row(gaps, "510105002000");
        Assert.Equal(StationStatus.UnderConstruction, later.Status);
        Assert.Equal(new DateOnly(2022, 6, 1), later.Since);
        Assert.Equal(new DateOnly(2024, 2, 29), later.Day);
        Assert.Equal(OverdueReasons.Stuck, later.Overdue);
        // Not yet suspended on that day: operating, so not a gap.
        Assert.DoesNotContain(gaps.Rows, r => r.Township.Code == "510105001000");
        Assert.DoesNotContain(Gaps.For(Snapshot, Figures, CoverageFilter.All).Rows, r => r.Township.Code == "510105002000");
    }

    [Fact]
    public void Once_the_prefectures_plan_year_has_passed_every_gap_is_overdue()
    {
        // The plan reaches 100 % in 2025: in 2025 that year has not passed, in 2026 it has.
        Assert.Equal(2025, CoverageFigures.FullCoverageYear(Snapshot, "5134"));
        Assert.Equal(OverdueReasons.None, Row(Gaps.For(Snapshot, Figures, new CoverageFilter(AsOf: new DateOnly(2025, 12, 31))), "513401002000").Overdue);

        var now = Gaps.For(Snapshot, Figures, CoverageFilter.All);
        Assert.All(now.Rows, r => Assert.True(r.Overdue.HasFlag(OverdueReasons.PlanYearPassed)));
        Assert.Equal(OverdueReasons.Stuck | OverdueReasons.PlanYearPassed, Row(now, "510104002000").Overdue);
        Assert.Equal(now.Count, now.OverdueCount);
    }

    [Fact]
    public void Gaps_are_grouped_by_county_with_the_countys_real_coverage_the_most_gaps_first()
    {
        var gaps = Gaps.For(Snapshot, Figures, new CoverageFilter(AsOf: MidYear));

        Assert.Equal(["510104", "510105", "513401"], gaps.Counties.Select(c => c.County.Code));
        var jinjiang = gaps.Counties[0];
        Assert.Equal(3, jinjiang.Rows.Count);
        Assert.Equal(2, jinjiang.OverdueCount);
        Assert.Equal(25, jinjiang.County.Percent, 6);
        Assert.Equal(80, jinjiang.County.PlanTarget, 6);
        Assert.Equal(-55, jinjiang.County.PlanDifference, 6);

        // A mode filter narrows the rows, not the county's coverage.
        var selfBuilt = Gaps.For(Snapshot, Figures, new CoverageFilter(Modes: new HashSet<BuildMode> { BuildMode.CountySelfBuilt }));
        var qingyang = Assert.Single(selfBuilt.Counties);
        Assert.Equal("510105001000", Assert.Single(qingyang.Rows).Township.Code);
        Assert.Equal(3, qingyang.County.Tally.Townships);
    }

    [Fact]
    public void Overdue_only_keeps_the_overdue_gaps()
    {
        var gaps = Gaps.For(Snapshot, Figures, new CoverageFilter(AsOf: MidYear), overdueOnly: true);
        Assert.Equal(["510104001000", "510104003000"], gaps.Rows.Select(r => r.Township.Code).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_not_operating_filter_keeps_townships_without_a_station_and_every_status_but_operating()
    {
        var filter = CoverageFilter.All.NotOperating();
        Assert.True(filter.IsNotOperating);
        Assert.Equal(
            ["510104001000", "510104002000", "510104003000", "510105001000", "510105003000", "513401002000", "513401400000"],
            Snapshot.Select(filter).Select(t => t.Code));
        Assert.False(new CoverageFilter(Statuses: CoverageFilter.NotOperatingStatuses).IsNotOperating);
    }
}
