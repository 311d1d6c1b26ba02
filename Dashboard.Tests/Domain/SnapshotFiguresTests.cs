using Coverage.Domain.Coverage;
using Coverage.Domain.Stations;

namespace Coverage.Dashboard.Tests.Domain;

/// <summary>The figures of one snapshot are computed once and shared by its readers; a new snapshot or another day computes them anew.</summary>
public sealed class SnapshotFiguresTests
{
    private static CoverageSnapshot NewSnapshot() => Snapshots.Create(
        Snapshots.Township("510104001000", "春熙路街道", StationStatus.Operating, BuildMode.ProvincialSubsidy),
        Snapshots.Township("510105001000", "草市街街道", StationStatus.Planned, BuildMode.CountySelfBuilt),
        Snapshots.Township("513401001000", "新村街道", null));

    [Fact]
    public void Readers_of_one_snapshot_get_the_same_figures_for_equal_filters_even_with_sets_built_apart()
    {
        var snapshot = NewSnapshot();
        var figures = new CoverageFigures(SichuanClock.At(2026, 11, 30, 9, 0));

        Assert.Same(figures.Ranking(snapshot, CoverageFilter.All), figures.Ranking(snapshot, new CoverageFilter()));
        Assert.Same(figures.Trend(snapshot, CoverageFilter.All), figures.Trend(snapshot, CoverageFilter.All));
        var operating = new CoverageFilter(Statuses: new HashSet<StationStatus> { StationStatus.Operating, StationStatus.Planned });
        var sameValues = new CoverageFilter(Statuses: new HashSet<StationStatus> { StationStatus.Planned, StationStatus.Operating });
        Assert.Same(figures.League(snapshot, operating), figures.League(snapshot, sameValues));
        Assert.NotSame(figures.League(snapshot, operating), figures.League(snapshot, CoverageFilter.All));
        Assert.NotSame(figures.LatestGoLives(snapshot, CoverageFilter.All, 3), figures.LatestGoLives(snapshot, CoverageFilter.All, 8));
    }

    [Fact]
    public void A_new_snapshot_or_a_new_day_computes_its_figures_again_and_they_follow_the_change()
    {
        var snapshot = NewSnapshot();
        var clock = SichuanClock.At(2026, 11, 30, 9, 0);
        var figures = new CoverageFigures(clock);
        var before = figures.Summary(snapshot, CoverageFilter.All);
        Assert.Equal(1, before.Tally.Covered);

        var planned = snapshot.ByCode["510105001000"];
        var changed = snapshot.With([planned with { Station = planned.Station! with { Status = StationStatus.Operating } }], snapshot.LastEventId + 1,
            snapshot.BuiltAt);
        Assert.Equal(2, figures.Summary(changed, CoverageFilter.All).Tally.Covered);
        Assert.Same(before, figures.Summary(snapshot, CoverageFilter.All)); // the old snapshot keeps its own

        var ranking = figures.Ranking(snapshot, CoverageFilter.All);
        clock.Advance(TimeSpan.FromDays(1));
        Assert.NotSame(ranking, figures.Ranking(snapshot, CoverageFilter.All));
    }

    [Fact]
    public void One_snapshot_keeps_at_most_its_cap_of_figures_and_still_answers_beyond_it()
    {
        var snapshot = NewSnapshot();
        var figures = new CoverageFigures(SichuanClock.At(2026, 11, 30, 9, 0));
        var day = new DateOnly(2020, 1, 1);
        for (var i = 0; i < SnapshotFigures.MaxEntries + 50; i++)
            Assert.Equal(3, figures.Summary(snapshot, new CoverageFilter(AsOf: day.AddDays(i))).Tally.Townships);

        Assert.Equal(SnapshotFigures.MaxEntries, snapshot.Figures.Count);
    }

    [Fact]
    public void Concurrent_first_readers_share_one_computation()
    {
        var figures = new SnapshotFigures();
        var computed = 0;
        var results = Enumerable.Range(0, 16).AsParallel().WithDegreeOfParallelism(8)
            .Select(_ => figures.Get("figure", CoverageFilter.All, default, 0, () => { Interlocked.Increment(ref computed); return new object(); }))
            .ToList();

        Assert.Equal(1, computed);
        Assert.All(results, r => Assert.Same(results[0], r));
    }
}
