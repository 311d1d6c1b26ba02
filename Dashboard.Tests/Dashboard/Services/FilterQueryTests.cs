using Coverage.Dashboard.Services;

namespace Coverage.Dashboard.Tests.Dashboard.Services;

public sealed class FilterQueryTests
{
    private static readonly CoverageSnapshot Snapshot = Snapshots.Create(
        Snapshots.Township("510104017000", "锦官驿街道", StationStatus.Operating));

    [Fact]
    public void Modes_and_statuses_may_repeat_or_be_comma_separated_in_any_case()
    {
        var query = FilterQuery.FromUri("http://x/map?prefecture=5101&mode=existingVenue,GovernancePilot&mode=countySelfBuilt&status=planned&status=UNDERCONSTRUCTION&asOf=2023-12-31");

        var filter = query.Resolve(Snapshot).Filter!;

        Assert.Equal("5101", filter.Prefecture);
        Assert.Equal(new HashSet<BuildMode> { BuildMode.ExistingVenue, BuildMode.GovernancePilot, BuildMode.CountySelfBuilt }, filter.Modes!.ToHashSet());
        Assert.Equal(new HashSet<StationStatus> { StationStatus.Planned, StationStatus.UnderConstruction }, filter.Statuses!.ToHashSet());
        Assert.Equal(new DateOnly(2023, 12, 31), filter.AsOf);
    }

    [Fact]
    public void A_county_alone_implies_its_prefecture() =>
        Assert.Equal("5101", FilterQuery.From(null, "510104", null, null, null).Resolve(Snapshot).Filter!.Prefecture);

    [Theory]
    [InlineData("prefecture", "9999", null, null, null, null)]
    [InlineData("prefecture", "成都", null, null, null, null)]
    [InlineData("county", "5134", "510104", null, null, null)]
    [InlineData("county", null, "510199", null, null, null)]
    [InlineData("mode", null, null, "sixthBatch", null, null)]
    [InlineData("mode", null, null, "1", null, null)]
    [InlineData("status", null, null, null, "closed", null)]
    [InlineData("asOf", null, null, null, null, "2023-02-30")]
    [InlineData("asOf", null, null, null, null, "31/12/2023")]
    public void Unknown_codes_and_malformed_values_are_problems_named_by_parameter(
        string parameter, string? prefecture, string? county, string? mode, string? status, string? asOf)
    {
        var result = FilterQuery.From(prefecture, county, mode is null ? null : [mode], status is null ? null : [status], asOf).Resolve(Snapshot);

        Assert.False(result.IsValid);
        Assert.Equal([parameter], result.Errors.Keys);
    }

    [Fact]
    public void A_filter_goes_back_into_the_URL_in_a_stable_order()
    {
        var filter = FilterQuery.FromUri("http://x/map?status=planned,operating&mode=existingVenue&county=510104&asOf=2022-01-31").Resolve(Snapshot).Filter!;

        Assert.Equal("?prefecture=5101&county=510104&mode=existingVenue&status=planned,operating&asOf=2022-01-31",
            Uri.UnescapeDataString(FilterQuery.ToQueryString(filter)));
    }
}
