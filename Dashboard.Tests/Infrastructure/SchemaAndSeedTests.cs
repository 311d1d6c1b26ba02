using Coverage.Domain.Divisions;
using Coverage.Infrastructure.Data;
using Coverage.Infrastructure.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using NetTopologySuite.Geometries;
using Npgsql;

namespace Coverage.Dashboard.Tests.Infrastructure;

[Collection(PostgisCollection.Name)]
public sealed class SchemaAndSeedTests(PostgisFixture postgis) : DatabaseTest(postgis)
{
    [Fact]
    public async Task The_schema_comes_from_migrations_with_postgis_installed()
    {
        Assert.Equal("postgis", await Db.ScalarAsync<string>("SELECT extname FROM pg_extension WHERE extname = 'postgis'"));
        await using var context = Db.CreateDbContext();
        Assert.Empty(await context.Database.GetPendingMigrationsAsync());
        Assert.Contains(await context.Database.GetAppliedMigrationsAsync(), m => m.EndsWith("_InitialSchema", StringComparison.Ordinal));
        Assert.Equal("geometry(MultiPolygon,4326)", await Db.ScalarAsync<string>(
            "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'townships'::regclass AND attname = 'boundary'"));
        Assert.Equal(3L, await Db.ScalarAsync<long>(
            "SELECT count(*) FROM pg_indexes WHERE tablename IN ('prefectures','counties','townships') AND indexdef LIKE '%USING gist%'"));
    }

    [Fact]
    public async Task The_fixture_seed_is_loaded_with_its_counts()
    {
        await using var context = Db.CreateDbContext();
        Assert.Equal(2, await context.Prefectures.CountAsync());
        Assert.Equal(3, await context.Counties.CountAsync());
        Assert.Equal(7, await context.Townships.CountAsync());
        Assert.Equal(5, await context.Stations.CountAsync());
        Assert.Equal(2, await context.Stations.CountAsync(s => s.Status == StationStatus.Operating));
        Assert.Equal(1, await context.Stations.CountAsync(s => s.Status == StationStatus.Suspended));
        var dataset = await context.Datasets.SingleAsync();
        Assert.Equal(new DateOnly(2024, 10, 31), dataset.ReferenceDate);
        Assert.Contains("synthetic", dataset.SourcesJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_point_is_located_in_its_township_by_ST_Contains_in_PostGIS()
    {
        await using var context = Db.CreateDbContext();
        var point = Geo.Factory.CreatePoint(new Coordinate(104.07, 30.65));
        var query = context.Townships.Where(t => t.Boundary!.Contains(point)).Select(t => t.Code);

        Assert.Contains("ST_Contains", query.ToQueryString(), StringComparison.Ordinal);
        Assert.Equal(["510104017000"], await query.ToListAsync());
    }

    [Fact]
    public async Task Prefecture_outlines_are_dissolved_from_their_counties()
    {
        var difference = await Db.ScalarAsync<double>("""
            SELECT abs(ST_Area(p.boundary) - (SELECT sum(ST_Area(c.boundary)) FROM counties c WHERE c.prefecture_code = p.code))
            FROM prefectures p WHERE p.code = '5101'
            """);
        Assert.True(difference < 1e-9, $"area difference {difference}");
        Assert.True(await Db.ScalarAsync<bool>("SELECT bool_and(ST_IsValid(boundary)) FROM prefectures"));
    }

    [Fact]
    public async Task Every_station_change_is_logged_by_the_trigger_even_from_plain_SQL()
    {
        var before = await Db.ScalarAsync<long>("SELECT count(*) FROM station_events");
        Assert.Equal(5L, before); // one creation event per seeded station

        await Db.ExecuteAsync("UPDATE stations SET status = 'operating', operating_since = '2024-11-01' WHERE id = 3");
        await Db.ExecuteAsync("UPDATE stations SET social_workers = 9 WHERE id = 3"); // a reported field: an event with the same status
        await Db.ExecuteAsync("UPDATE stations SET planned_on = '2023-01-15' WHERE id = 3"); // no reported field: no event, a new version

        await using var context = Db.CreateDbContext();
        var events = await context.StationEvents.OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(7, events.Count);
        var (moved, staffed) = (events[^2], events[^1]);
        Assert.Equal((3, StationStatus.Operating, StationStatus.UnderConstruction, "510105", "5101"),
            (moved.StationId, moved.Status, moved.PreviousStatus!.Value, moved.CountyCode, moved.PrefectureCode));
        Assert.Equal((StationStatus.Operating, StationStatus.Operating), (staffed.Status, staffed.PreviousStatus!.Value));
        var role = await Db.ScalarAsync<string>("SELECT current_user");
        Assert.All(events.TakeLast(2), e => Assert.Equal($"sql:{role}", e.Actor));
        Assert.Equal(4, await Db.ScalarAsync<int>("SELECT version FROM stations WHERE id = 3"));
    }

    [Fact]
    public async Task An_outside_writer_cannot_store_an_unknown_status_or_mode()
    {
        var status = await Assert.ThrowsAsync<PostgresException>(() => Db.ExecuteAsync("UPDATE stations SET status = 'Live' WHERE id = 3"));
        Assert.Equal("ck_stations_status", status.ConstraintName);
        var mode = await Assert.ThrowsAsync<PostgresException>(() => Db.ExecuteAsync("UPDATE stations SET mode = 'ProvincialSubsidy' WHERE id = 3"));
        Assert.Equal("ck_stations_mode", mode.ConstraintName);
        Assert.Equal(5L, await Db.ScalarAsync<long>("SELECT count(*) FROM station_events"));
    }

    [Fact]
    public async Task Division_kinds_are_stored_as_ids_and_an_outside_writer_cannot_store_enum_names()
    {
        Assert.Equal("city", await Db.ScalarAsync<string>("SELECT kind FROM counties WHERE code = '513401'"));
        Assert.Equal("special", await Db.ScalarAsync<string>("SELECT kind FROM townships WHERE code = '513401400000'"));

        var county = await Assert.ThrowsAsync<PostgresException>(() => Db.ExecuteAsync("UPDATE counties SET kind = 'DevZone' WHERE code = '513401'"));
        Assert.Equal("ck_counties_kind", county.ConstraintName);
        var township = await Assert.ThrowsAsync<PostgresException>(() => Db.ExecuteAsync("UPDATE townships SET kind = 'Special' WHERE code = '513401400000'"));
        Assert.Equal("ck_townships_kind", township.ConstraintName);
    }

    [Fact]
    public async Task Kinds_written_before_the_ids_migration_are_converted_to_ids()
    {
        var name = $"coverage_t_{Guid.NewGuid():N}";
        await PostgisServer.ExecuteAsync($"CREATE DATABASE \"{name}\"");
        await using var db = new TestDatabase(name, PostgisServer.BuildServices(name));
        await using (var context = db.CreateDbContext())
            await context.GetService<IMigrator>().MigrateAsync("20261129090600_StoreStationIds");
        await db.ExecuteAsync("""
            INSERT INTO prefectures (code, name) VALUES ('5110', '内江市');
            INSERT INTO counties (code, name, prefecture_code, kind, boundary_derived) VALUES ('511002', '市中区', '5110', 'District', false),
                ('511071', '内江经济开发区', '5110', 'DevZone', true);
            INSERT INTO townships (code, name, county_code, kind, approximate) VALUES ('511002001000', '城东街道', '511002', 'Subdistrict', true),
                ('511071100000', '某农场', '511071', 'Special', true);
            """);

        await CoverageDatabase.MigrateAsync(db.Services.GetRequiredService<IDbContextFactory<CoverageDbContext>>(),
            db.Services.GetRequiredService<NpgsqlDataSource>(), CancellationToken.None);

        Assert.Equal("district,devZone", await db.ScalarAsync<string>("SELECT string_agg(kind, ',' ORDER BY code) FROM counties"));
        Assert.Equal("subdistrict,special", await db.ScalarAsync<string>("SELECT string_agg(kind, ',' ORDER BY code) FROM townships"));
        await using var migrated = db.CreateDbContext();
        Assert.Equal(TownshipKind.Special, (await migrated.Townships.SingleAsync(t => t.Code == "511071100000")).Kind);
    }

    [Fact]
    public async Task Importing_the_same_files_again_changes_nothing()
    {
        var events = await Db.ScalarAsync<long>("SELECT count(*) FROM station_events");
        var result = await Db.Services.GetRequiredService<DataImporter>().ImportAsync(PostgisServer.FixtureSeedFolder, "tests", CancellationToken.None);

        Assert.Equal(0, result.StationsChanged);
        Assert.Equal(events, await Db.ScalarAsync<long>("SELECT count(*) FROM station_events"));
        Assert.Equal(7L, await Db.ScalarAsync<long>("SELECT count(*) FROM townships"));
        Assert.Equal(10L, await Db.ScalarAsync<long>("SELECT count(*) FROM plan_targets"));
    }
}
