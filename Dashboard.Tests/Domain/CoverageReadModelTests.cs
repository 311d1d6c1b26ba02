using Coverage.Domain.Divisions;
using Microsoft.Extensions.Time.Testing;

namespace Coverage.Dashboard.Tests.Domain;

/// <summary>The coverage read model as plain C#: a snapshot built in memory, no database.</summary>
public sealed class CoverageReadModelTests
{
    private static readonly CoverageSnapshot Snapshot = Snapshots.Create(
        Snapshots.Township("510104017000", "锦官驿街道", StationStatus.Operating, BuildMode.GovernancePilot, new DateOnly(2021, 11, 20)),
        Snapshots.Township("510104018000", "水井坊街道", StationStatus.Planned),
        Snapshots.Township("510105001000", "少城街道", StationStatus.Suspended, BuildMode.ExistingVenue),
        Snapshots.Township("513401100000", "安宁镇", StationStatus.Operating, BuildMode.CountySelfBuilt, new DateOnly(2023, 5, 1)),
        Snapshots.Township("513401200000", "大兴乡", null),
        Snapshots.Township("513401400000", "西昌农场", StationStatus.Operating, kind: TownshipKind.Special));

    private static CoverageFigures Figures(int year = 2026) => new(new FakeTimeProvider(new DateTimeOffset(year, 6, 30, 12, 0, 0, TimeSpan.Zero)));

    [Fact]
    public void The_tally_counts_townships_in_scope_but_never_special_units()
    {
        Assert.Equal(new CoverageTally(5, 2, 0, 1, 1), Snapshot.Tally(CoverageFilter.All));
        Assert.Equal(new CoverageTally(2, 1, 0, 0, 0), Snapshot.Tally(new CoverageFilter(Prefecture: "5134")));
        Assert.Equal(new CoverageTally(2, 1, 0, 1, 0), Snapshot.Tally(new CoverageFilter(County: "510104")));
    }

    [Fact]
    public void Modes_and_statuses_keep_only_townships_whose_station_has_one_of_them()
    {
        var operating = new CoverageFilter(Statuses: new HashSet<StationStatus> { StationStatus.Operating });
        Assert.Equal(["510104017000", "513401100000", "513401400000"], Snapshot.Select(operating).Select(t => t.Code));

        var venue = new CoverageFilter(Modes: new HashSet<BuildMode> { BuildMode.ExistingVenue });
        Assert.Equal(["510105001000"], Snapshot.Select(venue).Select(t => t.Code));
    }

    [Fact]
    public void As_of_a_past_day_every_status_and_go_live_comes_from_the_dates()
    {
        var asOf = new DateOnly(2022, 12, 31);
        var filter = new CoverageFilter(AsOf: asOf);

        // 安宁镇 went live in 2023: under construction at the end of 2022; the suspension came in 2024.
        Assert.Equal(new CoverageTally(5, 2, 1, 1, 0), Snapshot.Tally(filter));
        var view = Snapshot.View(Snapshot.ByCode["513401100000"], asOf);
        Assert.Equal(StationStatus.UnderConstruction, view.Status);
        Assert.Null(view.WentLiveOn);
        Assert.Equal(new DateOnly(2023, 5, 1), Snapshot.View(Snapshot.ByCode["513401100000"]).WentLiveOn);
    }

    [Fact]
    public void Names_fall_back_to_the_code_and_views_carry_the_division_names()
    {
        Assert.Equal("凉山彝族自治州", Snapshot.PrefectureName("5134"));
        Assert.Equal("5199", Snapshot.PrefectureName("5199"));
        Assert.Equal("510199", Snapshot.CountyName("510199"));
        Assert.Equal("510199001000", Snapshot.TownshipName("510199001000"));

        var view = Snapshot.Views(new CoverageFilter(County: "513401")).First();
        Assert.Equal(("西昌市", "凉山彝族自治州"), (view.CountyName, view.PrefectureName));
    }

    [Fact]
    public void A_station_is_found_by_its_id()
    {
        var township = Snapshot.ByCode["510105001000"];
        Assert.Same(township, Snapshot.StationById(township.Station!.Id));
        Assert.Null(Snapshot.StationById(-1));
    }

    [Fact]
    public void The_province_target_weights_each_prefecture_by_its_countable_townships()
    {
        // Targets are 20 % a year from 2021 for both prefectures; 2026 carries 2025's 100 % forward.
        Assert.Equal(60, Snapshot.PlanTarget(2023), 6);
        Assert.Equal(100, Snapshot.PlanTarget(2026), 6);
        Assert.Equal(0, Snapshot.PlanTarget(2019, "5101"), 6);

        var summary = Figures(2023).Summary(Snapshot, new CoverageFilter(County: "513401"));
        Assert.Equal((2023, 60.0, 50.0), (summary.PlanYear, summary.PlanTarget, summary.Percent));
        Assert.Equal(-10, summary.PlanDifference, 6);
        Assert.True(summary.IsBehindPlan);
    }

    [Fact]
    public void The_ranking_lists_the_level_below_the_scope_best_first()
    {
        var figures = Figures();
        Assert.Equal(["5134", "5101"], figures.Ranking(Snapshot, CoverageFilter.All).Select(r => r.Code));
        Assert.Equal(["510104", "510105"], figures.Ranking(Snapshot, new CoverageFilter(Prefecture: "5101")).Select(r => r.Code));
    }

    [Fact]
    public void The_trend_runs_monthly_from_the_plan_start_to_today_beside_the_plan_line()
    {
        var trend = Figures().Trend(Snapshot, new CoverageFilter(Prefecture: "5134"));

        Assert.Equal(new DateOnly(2021, 1, 31), trend.Actual[0].Date);
        Assert.Equal(new DateOnly(2026, 6, 30), trend.Actual[^1].Date);
        Assert.Equal(50, trend.Actual[^1].Percent, 6);
        Assert.Equal(0, trend.Actual.Single(p => p.Date == new DateOnly(2023, 4, 30)).Percent, 6);
        Assert.Equal([0.0, 20, 40, 60, 80, 100], trend.Plan.Select(p => p.Percent));
    }

    [Fact]
    public void Without_plan_targets_the_trend_covers_the_last_five_years()
    {
        var unplanned = new CoverageSnapshot(Snapshot.Townships, Snapshot.Prefectures.Values, Snapshot.Counties.Values, [], 1, DateTimeOffset.UnixEpoch, null);

        var trend = Figures(2026).Trend(unplanned, CoverageFilter.All);

        Assert.Empty(trend.Plan);
        Assert.Equal(new DateOnly(2022, 1, 31), trend.Actual[0].Date);
    }

    [Fact]
    public void The_latest_go_lives_are_newest_first_and_respect_the_as_of_day()
    {
        var figures = Figures();
        // 安宁镇 2023-05-01, 西昌农场 2022-01-01, 锦官驿街道 2021-11-20.
        Assert.Equal(["513401100000", "513401400000"], figures.LatestGoLives(Snapshot, CoverageFilter.All, 2).Select(v => v.Township.Code));
        Assert.Equal(["510104017000"], figures.LatestGoLives(Snapshot, new CoverageFilter(AsOf: new DateOnly(2021, 12, 31)), 5).Select(v => v.Township.Code));
    }

    [Fact]
    public void The_mode_mix_counts_stations_and_operating_ones_per_mode()
    {
        var mix = Figures().ModeMix(Snapshot, CoverageFilter.All).ToDictionary(m => m.Mode);
        Assert.Equal((1, 1), (mix[BuildMode.GovernancePilot].Stations, mix[BuildMode.GovernancePilot].Operating));
        Assert.Equal((1, 0), (mix[BuildMode.ExistingVenue].Stations, mix[BuildMode.ExistingVenue].Operating));
    }

    [Fact]
    public void As_of_a_past_day_the_mode_mix_leaves_out_stations_not_yet_planned_and_playback_starts_at_the_first_plan_date()
    {
        var later = Snapshots.Township("513401200000", "大兴乡", StationStatus.Planned, BuildMode.GovernancePilot);
        var snapshot = Snapshots.Create(Snapshot.Townships.Where(t => t.Code != later.Code).Append(later with
        {
            Station = later.Station! with { PlannedOn = new DateOnly(2023, 3, 1) },
        }).ToArray());

        var mix = Figures().ModeMix(snapshot, new CoverageFilter(AsOf: new DateOnly(2022, 12, 31))).ToDictionary(m => m.Mode);
        Assert.Equal((1, 1), (mix[BuildMode.GovernancePilot].Stations, mix[BuildMode.GovernancePilot].Operating));
        Assert.Equal(2, Figures().ModeMix(snapshot, CoverageFilter.All).Single(m => m.Mode == BuildMode.GovernancePilot).Stations);

        Assert.Equal(new DateOnly(2021, 1, 1), CoverageFigures.FirstPlannedOn(snapshot));
        Assert.Null(CoverageFigures.FirstPlannedOn(Snapshots.Create(Snapshots.Township("513401200000", "大兴乡", null))));
    }

    [Fact]
    public void A_patched_snapshot_replaces_changed_townships_and_keeps_the_rest()
    {
        var live = Snapshot.ByCode["510104018000"] with { Station = Snapshot.ByCode["510104018000"].Station! with { Status = StationStatus.UnderConstruction, ConstructionStartedOn = new DateOnly(2026, 1, 1) } };

        var next = Snapshot.With([live], lastEventId: 11, DateTimeOffset.UnixEpoch);

        Assert.Equal(StationStatus.UnderConstruction, next.ByCode["510104018000"].StatusAsOf(null));
        Assert.Equal(StationStatus.Planned, Snapshot.ByCode["510104018000"].StatusAsOf(null));
        Assert.Same(Snapshot.ByCode["510104017000"], next.ByCode["510104017000"]);
        Assert.Equal(11, next.LastEventId);
        Assert.Same(Snapshot, Snapshot.With([], Snapshot.LastEventId, DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void A_patch_holds_what_a_snapshot_built_afresh_from_the_same_townships_holds()
    {
        // A station opened where there was none, one gone, one with a new mode; and, in a second patch, a township new to the snapshot.
        var opened = Snapshots.Township("513401200000", "大兴乡", StationStatus.Planned, id: 77);
        var gone = Snapshot.ByCode["510105001000"] with { Station = null };
        var remodelled = Snapshot.ByCode["513401100000"] with { Station = Snapshot.ByCode["513401100000"].Station! with { Mode = BuildMode.ExistingVenue } };
        var added = Snapshots.Township("510104016000", "新街道", StationStatus.Planned, id: 88);

        var first = Snapshot.With([opened, gone, remodelled], 11, DateTimeOffset.UnixEpoch);
        var patched = first.With([added], 12, DateTimeOffset.UnixEpoch);
        var afresh = Snapshots.Create([.. Snapshot.Townships.Where(t => t.Code is not ("513401200000" or "510105001000" or "513401100000")), opened, gone, remodelled, added]);

        Assert.Equal(afresh.Townships.Select(t => t.Code), patched.Townships.Select(t => t.Code));
        Assert.Equal(afresh.Townships, patched.Townships);
        Assert.All(afresh.Townships, t => Assert.Equal(t, patched.ByCode[t.Code]));
        Assert.Equal(afresh.ByCode.Count, patched.ByCode.Count);
        Assert.Equal(opened, patched.StationById(77));
        Assert.Equal(added, patched.StationById(88));
        Assert.Equal(remodelled, patched.StationById(remodelled.Station!.Id));
        Assert.Null(patched.StationById(Snapshot.ByCode["510105001000"].Station!.Id));
        Assert.Equal(afresh.Tally(CoverageFilter.All), patched.Tally(CoverageFilter.All));
        Assert.Same(Snapshot.Prefectures, first.Prefectures); // a patch of known townships shares the divisions
        Assert.Equal(Snapshot.Counties, patched.Counties);
        Assert.Equal((12, DateTimeOffset.UnixEpoch), (patched.LastEventId, patched.BuiltAt));
        // The snapshot patched is unchanged.
        Assert.Equal(StationStatus.Suspended, Snapshot.ByCode["510105001000"].StatusAsOf(null));
        Assert.NotNull(Snapshot.StationById(Snapshot.ByCode["510105001000"].Station!.Id));
        Assert.Null(Snapshot.StationById(77));
    }
}
