using Coverage.Domain.Planning;

namespace Coverage.Dashboard.Tests.Domain;

/// <summary>The league table rows and plan against actual by build mode, on a fixed snapshot and a fixed day (2026-11-30).</summary>
public sealed class LeagueAndPlanByModeTests
{
    /// <summary>A township whose station has the given dates; its status now follows from them, as the read model's would.</summary>
    private static TownshipState Station(string code, BuildMode mode, DateOnly? planned, DateOnly? building = null, DateOnly? operating = null,
        DateOnly? suspended = null)
    {
        var status = suspended is not null ? StationStatus.Suspended
            : operating is not null ? StationStatus.Operating
            : building is not null ? StationStatus.UnderConstruction : StationStatus.Planned;
        var township = Snapshots.Township(code, code, status, mode);
        return township with
        {
            Station = township.Station! with { PlannedOn = planned, ConstructionStartedOn = building, OperatingSince = operating, SuspendedOn = suspended },
        };
    }

    // 成都市: 锦江区 both operating (one went live this month); 青羊区 one planned since 2024 (overdue), one suspended, one
    // under construction since this January (not overdue). 凉山州 (西昌市): one operating since 2023-12-31, one township without a station.
    private static readonly CoverageSnapshot Snapshot = Snapshots.Create(
        Station("510104001000", BuildMode.ProvincialSubsidy, new(2021, 3, 1), new(2021, 6, 1), new(2022, 2, 1)),
        Station("510104002000", BuildMode.ExistingVenue, new(2023, 1, 1), new(2023, 5, 1), new(2026, 11, 3)),
        Station("510105001000", BuildMode.CountySelfBuilt, new(2024, 1, 1)),
        Station("510105002000", BuildMode.GovernancePilot, new(2021, 2, 1), new(2022, 1, 1), new(2022, 6, 1), new(2024, 3, 1)),
        Station("510105003000", BuildMode.CountySelfBuilt, new(2025, 6, 1), new(2026, 1, 1)),
        Station("513401001000", BuildMode.ProvincialSubsidy, new(2022, 1, 1), new(2022, 3, 1), new(2023, 12, 31)),
        Snapshots.Township("513401002000", "大兴乡", null));

    private static readonly CoverageFigures Figures = new(SichuanClock.At(2026, 11, 30, 9, 0));

    [Fact]
    public void The_province_league_has_one_row_per_prefecture_with_coverage_plan_counts_go_lives_and_overdue()
    {
        var rows = Figures.League(Snapshot, CoverageFilter.All);

        Assert.Equal(["5101", "5134"], rows.Select(r => r.Code));
        var chengdu = rows[0];
        Assert.Equal("成都市", chengdu.Name);
        Assert.Equal(new CoverageTally(5, 2, 1, 1, 1), chengdu.Tally);
        Assert.Equal(40, chengdu.Figure.Percent, 6);
        Assert.Equal(100, chengdu.Figure.PlanTarget, 6); // the plan reached 100 % in 2025 and stays there
        Assert.Equal(-60, chengdu.Figure.PlanDifference, 6);
        Assert.Equal(1, chengdu.GoLivesThisMonth);
        Assert.Equal(new OverdueCounts(Planned: 1, UnderConstruction: 0), chengdu.Overdue);

        var liangshan = rows[1];
        Assert.Equal(new CoverageTally(2, 1, 0, 0, 0), liangshan.Tally);
        Assert.Equal(0, liangshan.GoLivesThisMonth);
        Assert.Equal(0, liangshan.Overdue.Total);
    }

    [Fact]
    public void A_prefecture_league_has_one_row_per_county_and_a_county_is_shown_among_the_counties_of_its_prefecture()
    {
        var rows = Figures.League(Snapshot, new CoverageFilter(Prefecture: "5101"));

        Assert.Equal(["510104", "510105"], rows.Select(r => r.Code));
        Assert.Equal(["锦江区", "青羊区"], rows.Select(r => r.Name));
        Assert.Equal(100, rows[0].Figure.Percent, 6);
        Assert.Equal(1, rows[0].GoLivesThisMonth);
        Assert.Equal(0, rows[0].Overdue.Total);
        Assert.Equal(new CoverageTally(3, 0, 1, 1, 1), rows[1].Tally);
        Assert.Equal(1, rows[1].Overdue.Total);

        var county = Figures.League(Snapshot, new CoverageFilter(Prefecture: "5101", County: "510105"));
        Assert.Equal(rows, county);
    }

    [Fact]
    public void The_league_takes_the_filter_s_build_modes()
    {
        var rows = Figures.League(Snapshot, new CoverageFilter(Modes: new HashSet<BuildMode> { BuildMode.CountySelfBuilt }));

        Assert.Equal(new CoverageTally(2, 0, 1, 1, 0), rows[0].Tally);
        Assert.Equal(0, rows[0].GoLivesThisMonth);
        Assert.Equal(1, rows[0].Overdue.Total);
        Assert.Equal(CoverageTally.Empty, rows[1].Tally);
    }

    [Fact]
    public void Plan_by_mode_counts_per_year_the_stations_planned_by_its_end_and_those_operating_then_with_the_phases_marked()
    {
        var years = Figures.PlanByMode(Snapshot, new CoverageFilter(Prefecture: "5101"));

        Assert.Equal([2021, 2022, 2023, 2024, 2025, 2026], years.Select(y => y.Year));
        Assert.Equal([PlanPhase.Pilot, PlanPhase.Pilot, PlanPhase.Pilot, PlanPhase.Expansion, PlanPhase.Expansion, null], years.Select(y => y.Phase));
        Assert.Equal(DomainIds.Modes, years[0].Modes.Select(m => m.Mode));

        (int Planned, int Operating) Cell(int year, BuildMode mode)
        {
            var m = years.Single(y => y.Year == year).Modes.Single(x => x.Mode == mode);
            return (m.Planned, m.Operating);
        }

        Assert.Equal((1, 0), Cell(2021, BuildMode.ProvincialSubsidy)); // under construction at the end of 2021
        Assert.Equal((1, 0), Cell(2021, BuildMode.GovernancePilot));
        Assert.Equal((0, 0), Cell(2021, BuildMode.ExistingVenue)); // planned only in 2023
        Assert.Equal((1, 1), Cell(2022, BuildMode.ProvincialSubsidy));
        Assert.Equal((1, 1), Cell(2022, BuildMode.GovernancePilot));
        Assert.Equal((1, 0), Cell(2023, BuildMode.ExistingVenue));
        Assert.Equal((1, 0), Cell(2024, BuildMode.GovernancePilot)); // suspended in March 2024
        Assert.Equal((1, 0), Cell(2024, BuildMode.CountySelfBuilt));
        Assert.Equal((2, 0), Cell(2025, BuildMode.CountySelfBuilt));
        Assert.Equal((1, 1), Cell(2026, BuildMode.ExistingVenue)); // this year: now
        Assert.Equal(5, years[^1].Planned);
        Assert.Equal(2, years[^1].Operating);
    }

    [Fact]
    public void Plan_by_mode_follows_the_scope_and_counts_the_whole_province_without_one()
    {
        var province = Figures.PlanByMode(Snapshot, CoverageFilter.All);
        var liangshan = Figures.PlanByMode(Snapshot, new CoverageFilter(Prefecture: "5134"));

        Assert.Equal(2, province.Single(y => y.Year == 2023).Modes.Single(m => m.Mode == BuildMode.ProvincialSubsidy).Operating);
        Assert.Equal([0, 1, 1, 1, 1, 1], liangshan.Select(y => y.Planned));
        Assert.Equal([0, 0, 1, 1, 1, 1], liangshan.Select(y => y.Operating)); // went live on the last day of 2023
    }

    [Fact]
    public void The_plan_phases_are_the_three_pilot_years_and_the_two_expansion_years()
    {
        Assert.Null(PlanPhases.Of(2020));
        Assert.Equal(PlanPhase.Pilot, PlanPhases.Of(2021));
        Assert.Equal(PlanPhase.Pilot, PlanPhases.Of(2023));
        Assert.Equal(PlanPhase.Expansion, PlanPhases.Of(2024));
        Assert.Equal(PlanPhase.Expansion, PlanPhases.Of(2025));
        Assert.Null(PlanPhases.Of(2026));
    }
}
