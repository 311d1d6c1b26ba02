using Coverage.Dashboard.Services;

namespace Coverage.Dashboard.Tests.Dashboard.Services;

/// <summary>The two status ids beyond the station's own: <c>none</c> (no station) and <c>notOperating</c> (未运营).</summary>
public sealed class FilterQueryStatusTests
{
    private static readonly CoverageSnapshot Snapshot = Snapshots.Create(
        Snapshots.Township("513401100000", "安宁镇", StationStatus.Operating),
        Snapshots.Township("513401200000", "大兴乡", null));

    private static CoverageFilter Resolve(params string[] statuses) =>
        FilterQuery.From("5134", null, [], statuses, null).Resolve(Snapshot).Filter!;

    [Theory]
    [InlineData("notOperating")]
    [InlineData("NOTOPERATING")]
    [InlineData("none,planned,underConstruction,suspended")]
    public void Not_operating_resolves_to_no_station_and_every_status_but_operating_and_writes_back_as_one_id(string status)
    {
        var filter = Resolve(status);

        Assert.True(filter.IsNotOperating);
        Assert.Equal("?prefecture=5134&status=notOperating", FilterQuery.ToQueryString(filter));
        Assert.Equal(["513401200000"], Snapshot.Select(filter).Select(t => t.Code));
    }

    [Fact]
    public void None_alone_keeps_the_townships_without_a_station_and_round_trips()
    {
        var filter = Resolve("none", "operating");

        Assert.False(filter.IsNotOperating);
        Assert.Equal(["513401100000", "513401200000"], Snapshot.Select(filter).Select(t => t.Code));
        Assert.Equal("?prefecture=5134&status=operating,none", FilterQuery.ToQueryString(filter));
        Assert.Equal(["513401200000"], Snapshot.Select(Resolve("none")).Select(t => t.Code));
    }

    [Fact]
    public void The_not_operating_summary_counts_the_whole_scope()
    {
        var figures = new CoverageFigures(SichuanClock.At(2026, 11, 30, 9, 0));

        var summary = figures.Summary(Snapshot, Resolve("notOperating"));

        Assert.Equal((2, 1, 50.0), (summary.Tally.Townships, summary.Tally.Covered, summary.Percent));
    }
}
