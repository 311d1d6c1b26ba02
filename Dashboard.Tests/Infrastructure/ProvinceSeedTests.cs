using Coverage.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Coverage.Dashboard.Tests.Infrastructure;

/// <summary>The integrity of the shipped seed data, checked in PostGIS after the real import path loaded it.</summary>
[Collection(ProvinceCollection.Name)]
public sealed class ProvinceSeedTests(ProvinceFixture province, ITestOutputHelper output)
{
    private TestDatabase Db => province.Database;

    [Fact]
    public async Task The_province_has_21_prefectures_183_counties_3_dev_zones_and_over_3100_townships()
    {
        output.WriteLine($"import: {province.Result} in {province.ImportTime.TotalSeconds:F1} s");
        Assert.Equal(21L, await Db.ScalarAsync<long>("SELECT count(*) FROM prefectures"));
        Assert.Equal(183L, await Db.ScalarAsync<long>("SELECT count(*) FROM counties WHERE kind <> 'devZone'"));
        Assert.Equal(3L, await Db.ScalarAsync<long>("SELECT count(*) FROM counties WHERE kind = 'devZone'"));
        Assert.True(await Db.ScalarAsync<long>("SELECT count(*) FROM townships") >= 3100);
        Assert.Equal(10L, await Db.ScalarAsync<long>("SELECT count(*) FROM townships WHERE kind = 'special'"));
    }

    [Fact]
    public async Task Names_are_real_and_codes_sit_under_their_parents()
    {
        Assert.Equal("凉山彝族自治州", await Db.ScalarAsync<string>("SELECT name FROM prefectures WHERE code = '5134'"));
        Assert.Equal("叙州区", await Db.ScalarAsync<string>("SELECT name FROM counties WHERE code = '511504'"));
        Assert.Equal(0L, await Db.ScalarAsync<long>("SELECT count(*) FROM townships WHERE left(code, 6) <> county_code"));
        Assert.Equal(0L, await Db.ScalarAsync<long>("SELECT count(*) FROM counties WHERE left(code, 4) <> prefecture_code"));
    }

    [Fact]
    public async Task Every_county_and_prefecture_has_a_valid_polygon()
    {
        Assert.Equal(0L, await Db.ScalarAsync<long>("SELECT count(*) FROM counties WHERE boundary IS NULL OR NOT ST_IsValid(boundary) OR ST_IsEmpty(boundary)"));
        Assert.Equal(0L, await Db.ScalarAsync<long>("SELECT count(*) FROM prefectures WHERE boundary IS NULL OR NOT ST_IsValid(boundary)"));
        Assert.Equal(4326, await Db.ScalarAsync<int>("SELECT DISTINCT ST_SRID(boundary) FROM counties"));
    }

    [Fact]
    public async Task Every_township_has_one_approximate_cell_inside_its_county()
    {
        Assert.Equal(0L, await Db.ScalarAsync<long>(
            "SELECT count(*) FROM townships WHERE boundary IS NULL OR ST_IsEmpty(boundary) OR NOT ST_IsValid(boundary) OR NOT approximate"));
        Assert.Equal(0L, await Db.ScalarAsync<long>("""
            SELECT count(*) FROM townships t JOIN counties c ON c.code = t.county_code
            WHERE c.kind <> 'devZone' AND NOT ST_Covers(ST_Buffer(c.boundary, 1e-7), t.boundary)
            """));
    }

    [Fact]
    public async Task The_cells_of_each_county_tile_it_within_half_a_percent()
    {
        // Dev-zone townships sit in their host county's tiling, so compare each host's polygon with all cells inside it.
        var worst = await Db.ScalarAsync<double>("""
            WITH cells AS (
                SELECT c.code, sum(ST_Area(t.boundary)) AS area
                FROM counties c JOIN townships t ON ST_Covers(ST_Buffer(c.boundary, 1e-7), t.boundary)
                WHERE c.kind <> 'devZone'
                GROUP BY c.code)
            SELECT max(abs(cells.area - ST_Area(c.boundary)) / ST_Area(c.boundary)) FROM cells JOIN counties c USING (code)
            """);
        Assert.True(worst < 0.005, $"worst tiling error {worst:P3}");
        Assert.Equal(0L, await Db.ScalarAsync<long>("""
            SELECT count(*) FROM townships a JOIN townships b ON a.code < b.code AND a.boundary && b.boundary
            WHERE left(a.code, 6) = left(b.code, 6) AND ST_Area(ST_Intersection(a.boundary, b.boundary)) > 1e-10
            """));
    }

    [Fact]
    public async Task Stations_are_one_per_countable_township_with_consistent_statuses_and_dates()
    {
        Assert.Equal(0L, await Db.ScalarAsync<long>("SELECT count(*) FROM townships t LEFT JOIN stations s ON s.township_code = t.code WHERE t.kind <> 'special' AND s.id IS NULL"));
        await using var db = Db.CreateDbContext();
        var stations = await db.Stations.AsNoTracking().ToListAsync();
        Assert.All(stations, s => Assert.Null(Station.Validate(new StationRecord(s.Id, new(s.TownshipCode), s.Name, s.Mode, s.Status,
            s.PlannedOn, s.ConstructionStartedOn, s.OperatingSince, s.SuspendedOn, s.SocialWorkers, s.CertifiedSocialWorkers, s.Services, s.Operator))));
        var reference = (await db.Datasets.SingleAsync()).ReferenceDate!.Value;
        Assert.All(stations, s => Assert.Equal(s.Status, s.StatusAsOf(reference)));
    }

    [Fact]
    public async Task The_reference_date_shows_the_plan_years_over_with_a_late_tail_in_the_hardest_areas()
    {
        await using var db = Db.CreateDbContext();
        var dataset = await db.Datasets.SingleAsync();
        Assert.Contains("synthetic", dataset.SourcesJson, StringComparison.Ordinal);
        Assert.Contains("approximate", dataset.SourcesJson, StringComparison.Ordinal);
        Assert.Equal(new DateOnly(2026, 10, 31), dataset.ReferenceDate);
        var coverage = await Db.ScalarAsync<double>("""
            SELECT 100.0 * count(*) FILTER (WHERE s.status = 'operating') / count(*) FROM townships t JOIN stations s ON s.township_code = t.code WHERE t.kind <> 'special'
            """);
        Assert.InRange(coverage, 85, 99);
        // The three plateau and mountain prefectures (阿坝, 甘孜, 凉山) are the three furthest behind …
        var lowest = await Db.ScalarAsync<string>("""
            SELECT string_agg(p, ',' ORDER BY p) FROM (
                SELECT t.county_code::char(4) AS p FROM townships t JOIN stations s ON s.township_code = t.code WHERE t.kind <> 'special'
                GROUP BY 1 ORDER BY 1.0 * count(*) FILTER (WHERE s.status = 'operating') / count(*) LIMIT 3) l
            """);
        Assert.Equal("5132,5133,5134", lowest);
        // … and hold most of the stations planned or under construction for more than a year (the gap list's tail).
        var late = await Db.ScalarAsync<long>("""
            SELECT count(*) FROM stations WHERE (status = 'planned' AND planned_on < DATE '2025-10-31')
                OR (status = 'underConstruction' AND construction_started_on < DATE '2025-10-31')
            """);
        var lateInHardest = await Db.ScalarAsync<long>("""
            SELECT count(*) FROM stations WHERE left(township_code, 4) IN ('5132', '5133', '5134') AND (
                (status = 'planned' AND planned_on < DATE '2025-10-31') OR (status = 'underConstruction' AND construction_started_on < DATE '2025-10-31'))
            """);
        Assert.InRange(late, 30, 300);
        Assert.True(lateInHardest * 2 > late, $"{lateInHardest} of {late} late stations in the hardest areas");
        Assert.InRange(await Db.ScalarAsync<long>("SELECT count(*) FROM stations WHERE status = 'suspended'"), 10, 100);
        Assert.Equal(21L, await Db.ScalarAsync<long>("SELECT count(*) FROM plan_targets WHERE year = 2025 AND target_coverage = 100"));
    }
}
