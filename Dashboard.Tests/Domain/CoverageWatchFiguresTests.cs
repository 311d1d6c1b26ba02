using Coverage.Domain.Divisions;
using Microsoft.Extensions.Time.Testing;

namespace Coverage.Dashboard.Tests.Domain;

/// <summary>The wall's watch figures from the read model: behind plan, go-lives of the day and month, the daily operating count, overdue stations.</summary>
public sealed class CoverageWatchFiguresTests
{
    private static readonly DateOnly Today = new(2026, 11, 30);

    /// <summary>A township whose station has the given dates (the status follows from them, as the read model's would).</summary>
    private static TownshipState Station(string code, DateOnly? planned, DateOnly? building = null, DateOnly? operating = null,
        TownshipKind kind = TownshipKind.Town)
    {
        var status = operating is not null ? StationStatus.Operating : building is not null ? StationStatus.UnderConstruction : StationStatus.Planned;
        var township = Snapshots.Township(code, code, status, kind: kind);
        return township with
        {
            Station = township.Station! with { PlannedOn = planned, ConstructionStartedOn = building, OperatingSince = operating },
        };
    }

    // 成都市: 锦江区 all operating (today, this month, last month); 青羊区 planned and under construction, overdue and not.
    // 凉山州: one old station, a township without one, and a special unit that went live today.
    private static readonly CoverageSnapshot Snapshot = Snapshots.Create(
        Station("510104001000", new(2025, 1, 1), new(2025, 6, 1), Today),
        Station("510104002000", new(2025, 1, 1), new(2025, 6, 1), new(2026, 11, 3)),
        Station("510104003000", new(2025, 1, 1), new(2025, 6, 1), new(2026, 10, 31)),
        Station("510105001000", new(2025, 11, 29)),
        Station("510105002000", new(2025, 11, 30)),
        Station("510105003000", new(2024, 1, 1), new(2025, 11, 29)),
        Station("510105004000", new(2024, 1, 1), new(2025, 11, 30)),
        Station("510105005000", planned: null),
        Station("513401001000", new(2020, 1, 1), new(2020, 6, 1), new(2021, 1, 1)),
        Snapshots.Township("513401002000", "大兴乡", null),
        Station("513401400000", new(2025, 1, 1), new(2025, 6, 1), Today, TownshipKind.Special));

    private static readonly CoverageFigures Figures = new(SichuanClock.At(2026, 11, 30, 9, 0));

    private static readonly CoverageFilter Chengdu = new(Prefecture: "5101");

    [Fact]
    public void The_areas_most_behind_plan_are_the_divisions_below_the_scope_with_the_largest_gap_first()
    {
        // The 2026 target is 100% (the plan reached it in 2025): 成都 3 of 8 (−62.5), 凉山 1 of 2 (−50).
        var province = Figures.MostBehindPlan(Snapshot, CoverageFilter.All, 5);
        Assert.Equal(["5101", "5134"], province.Select(f => f.Code));
        Assert.Equal(-62.5, province[0].PlanDifference, 6);
        Assert.Equal(["5101"], Figures.MostBehindPlan(Snapshot, CoverageFilter.All, 1).Select(f => f.Code));

        // In 成都, 锦江区 meets its target and is not behind; 青羊区 has covered nothing.
        var chengdu = Figures.MostBehindPlan(Snapshot, Chengdu, 5);
        Assert.Equal(["510105"], chengdu.Select(f => f.Code));
        Assert.Equal(-100, chengdu[0].PlanDifference, 6);
    }

    [Fact]
    public void Divisions_with_nothing_to_cover_or_on_plan_are_never_behind()
    {
        var onPlan = Snapshots.Create(Snapshots.Township("510104001000", "甲", StationStatus.Operating));
        Assert.Empty(Figures.MostBehindPlan(onPlan, Chengdu, 5)); // 锦江区 at 100%, 青羊区 has no townships
        Assert.Empty(Figures.MostBehindPlan(CoverageSnapshot.Empty, CoverageFilter.All, 5));
    }

    [Fact]
    public void Go_lives_of_today_and_this_month_count_every_station_in_scope_by_its_operating_date()
    {
        Assert.Equal(new GoLiveCounts(2, 3), Figures.GoLives(Snapshot, CoverageFilter.All)); // the special unit too
        Assert.Equal(new GoLiveCounts(1, 2), Figures.GoLives(Snapshot, Chengdu));
        Assert.Equal(new GoLiveCounts(1, 1), Figures.GoLives(Snapshot, new CoverageFilter(Prefecture: "5134")));
    }

    [Fact]
    public void Today_is_the_clocks_local_day_and_a_go_live_dated_tomorrow_does_not_count_yet()
    {
        var tomorrow = Snapshots.Create(Station("510104001000", new(2025, 1, 1), new(2025, 6, 1), Today.AddDays(1)));
        Assert.Equal(new GoLiveCounts(0, 0), Figures.GoLives(tomorrow, CoverageFilter.All));

        // 16:30 UTC on the 30th is already half past midnight on 1 December in Sichuan: the month starts again.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 16, 30, 0, TimeSpan.Zero));
        clock.SetLocalTimeZone(SichuanClock.Zone);
        var nextMorning = new CoverageFigures(clock);
        Assert.Equal(new GoLiveCounts(0, 0), nextMorning.GoLives(Snapshot, CoverageFilter.All));
    }

    [Fact]
    public void The_operating_count_by_day_covers_the_last_days_oldest_first_and_ends_at_the_operating_figure()
    {
        var days = Figures.OperatingByDay(Snapshot, Chengdu, 30);

        Assert.Equal(30, days.Count);
        Assert.Equal(new DailyCount(new DateOnly(2026, 11, 1), 1), days[0]);
        Assert.Equal(new DailyCount(new DateOnly(2026, 11, 2), 1), days[1]);
        Assert.Equal(new DailyCount(new DateOnly(2026, 11, 3), 2), days[2]);
        Assert.Equal(new DailyCount(Today, 3), days[^1]);
        Assert.Equal(Figures.Summary(Snapshot, Chengdu).Tally.Operating, days[^1].Count);
        // Special units do not count in coverage: 凉山's went live today, its operating count stays 1.
        Assert.All(Figures.OperatingByDay(Snapshot, new CoverageFilter(Prefecture: "5134"), 30), d => Assert.Equal(1, d.Count));
    }

    [Fact]
    public void The_operating_count_by_day_follows_each_stations_dates_inside_the_days()
    {
        static TownshipState Suspended(TownshipState t, DateOnly on) =>
            t with { Station = t.Station! with { Status = StationStatus.Suspended, SuspendedOn = on } };
        var snapshot = Snapshots.Create(
            Station("510104001000", new(2025, 1, 1), new(2025, 6, 1), new(2026, 11, 10)), // live from the 10th
            Suspended(Station("510104002000", new(2025, 1, 1), new(2025, 6, 1), new(2026, 11, 5)), new(2026, 11, 20)), // the 5th to the 19th
            Suspended(Station("510104003000", new(2020, 1, 1), new(2020, 6, 1), new(2021, 1, 1)), new(2026, 11, 1)), // suspended on the first day
            Station("510104004000", new(2026, 11, 2), new(2026, 11, 8)), // planned, then building: never operating
            Suspended(Station("510104005000", new(2020, 1, 1), new(2020, 6, 1), new(2021, 1, 1)), new(2026, 11, 15))); // until the 14th

        var days = Figures.OperatingByDay(snapshot, CoverageFilter.All, 30);

        Assert.Equal(30, days.Count);
        int On(int day) => days.Single(d => d.Date == new DateOnly(2026, 11, day)).Count;
        Assert.Equal([1, 1, 2, 2, 3, 3, 2, 2, 1, 1], new[] { 1, 4, 5, 9, 10, 14, 15, 19, 20, 29 }.Select(On));
        Assert.Equal(1, On(30)); // today: the status now
        // Every past day agrees with each station's status as of that day.
        foreach (var (date, count) in days.SkipLast(1))
            Assert.Equal(snapshot.Townships.Count(t => t.CountsInCoverage && CoverageRules.Covers(t.StatusAsOf(date))), count);
    }

    [Fact]
    public void A_station_is_overdue_when_planned_or_under_construction_for_longer_than_twelve_months()
    {
        // Planned 2025-11-29 and building since 2025-11-29 are overdue on 2026-11-30; the 30th is exactly twelve months, not longer.
        Assert.Equal(new OverdueCounts(1, 1), Figures.Overdue(Snapshot, Chengdu));
        Assert.Equal(2, Figures.Overdue(Snapshot, CoverageFilter.All).Total);
        Assert.Equal(new OverdueCounts(0, 0), Figures.Overdue(Snapshot, new CoverageFilter(Prefecture: "5134")));
        Assert.Equal(12, CoverageFigures.OverdueAfterMonths);
    }
}
