using Coverage.Infrastructure.Data;
using Coverage.Infrastructure.Seeding;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Coverage.Dashboard.Tests.Infrastructure;

/// <summary>Bad files are rejected with file, row and reason, and leave the database exactly as it was.</summary>
[Collection(PostgisCollection.Name)]
public sealed class SeedValidationTests(PostgisFixture postgis) : DatabaseTest(postgis)
{
    private readonly string _folder = Directory.CreateTempSubdirectory("coverage-import-").FullName;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private const string StationsHeader =
        "id,township_code,name,mode,status,planned_on,construction_started_on,operating_since,suspended_on,social_workers,certified_social_workers,services,operator\n";

    private static string Square(string code, double x, double y, double size = 0.01, string extra = "")
    {
        FormattableString ring = $"[[{x},{y}],[{x + size},{y}],[{x + size},{y + size}],[{x},{y + size}],[{x},{y}]]";
        return "{\"type\":\"FeatureCollection\"" + extra + ",\"features\":[{\"type\":\"Feature\",\"properties\":{\"code\":\"" + code +
            "\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[" + FormattableString.Invariant(ring) + "]}}]}";
    }

    public static TheoryData<string, string, string, string> BadFiles => new()
    {
        // kind, file, content, expected words in the problem
        { "wrong code", "townships.csv", "code,name,county_code,kind\n51010401700,某街道,510104,subdistrict\n", "townships.csv line 2: code '51010401700' is not a 12-digit" },
        { "unknown parent", "townships.csv", "code,name,county_code,kind\n510199001000,某镇,510199,town\n", "townships.csv line 2: unknown county_code '510199'" },
        { "code outside its parent", "counties.csv", "code,name,prefecture_code,kind\n513402,会理市,5101,city\n", "counties.csv line 2: code 513402 does not belong to prefecture 5101" },
        { "self-intersecting polygon", "boundaries/townships.geojson",
            """{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"510104017000"},"geometry":{"type":"Polygon","coordinates":[[[104.0,30.6],[104.1,30.7],[104.1,30.6],[104.0,30.7],[104.0,30.6]]]}}]}""",
            "boundaries/townships.geojson feature 0 (code 510104017000): invalid polygon: Self-intersection" },
        { "wrong SRID", "boundaries/counties.geojson",
            Square("510104", 104.05, 30.6, extra: ""","crs":{"type":"name","properties":{"name":"EPSG:3857"}}"""), "wrong SRID" },
        { "out-of-province coordinates", "boundaries/counties.geojson", Square("510104", 116.3, 39.9), "coordinates fall outside Sichuan" },
        { "duplicate", "prefectures.csv", "code,name\n5101,成都市\n5101,成都市\n", "prefectures.csv line 3: duplicate prefecture code 5101" },
        { "bad date order", "stations.csv", StationsHeader + "9,513401200000,大兴乡社会工作服务站,existingVenue,operating,2023-01-01,2023-06-01,2023-03-01,,2,1,needs,\n",
            "stations.csv line 2: dates go backwards" },
        { "illegal transition", "stations.csv", StationsHeader + "1,510104017000,锦官驿街道社会工作服务站,governancePilot,planned,2021-03-01,,,,6,3,needs,\n",
            "stations.csv station 1: illegal transition Operating → Planned" },
        { "unknown build mode", "stations.csv", StationsHeader + "9,513401200000,站,sixthBatch,planned,2023-01-01,,,,0,0,,\n", "mode 'sixthBatch' is not one of the five build modes" },
        { "malformed CSV", "plan-targets.csv", "prefecture_code,year,target_coverage\n5101,2026,\"90\n", "plan-targets.csv line 2: malformed CSV" },
        { "malformed GeoJSON", "boundaries/townships.geojson", """{"type":"FeatureCollection","features":[{"type":"Feature",""", "malformed GeoJSON" },
        { "unknown source kind", "dataset.json",
            """{"name":"x","sources":[{"name":"a","kind":"guessed"},{"name":"b","kind":"real"},{"name":"c","kind":"invented"}]}""",
            "dataset.json sources[2]: kind must be real, approximate or synthetic" },
        { "a second station for a township", "stations.csv", StationsHeader + "9,510104017000,又一站,existingVenue,planned,2023-01-01,,,,0,0,,\n",
            "township 510104017000 already has station 1" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task A_bad_file_is_rejected_with_its_row_and_reason_and_changes_nothing(string kind, string file, string content, string expected)
    {
        // A good file beside the bad one proves the whole import rolls back, not just the bad part.
        File.WriteAllText(Path.Combine(_folder, "plan-targets.csv"), "prefecture_code,year,target_coverage\n5101,2026,100\n");
        var path = Path.Combine(_folder, file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        var before = await FingerprintAsync();

        var error = await Assert.ThrowsAsync<SeedDataException>(() =>
            Db.Services.GetRequiredService<DataImporter>().ImportAsync(_folder, "tests", CancellationToken.None));

        Assert.True(error.Problems.Any(p => p.ToString().Contains(expected, StringComparison.Ordinal)),
            $"{kind}: expected a problem containing «{expected}», got:\n{error.Message}");
        Assert.Equal(before, await FingerprintAsync());
    }

    [Fact]
    public async Task A_good_import_applies_every_file_in_one_go()
    {
        File.WriteAllText(Path.Combine(_folder, "stations.csv"), StationsHeader +
            "3,510105001000,少城街道社会工作服务站,countySelfBuilt,operating,2023-02-01,2024-03-01,2024-11-15,,4,2,needs;care,青羊区社会工作服务中心\n" +
            "6,513401200000,大兴乡社会工作服务站,existingVenue,planned,2024-11-01,,,,0,0,,\n");

        var result = await Db.Services.GetRequiredService<DataImporter>().ImportAsync(_folder, "tests", CancellationToken.None);

        Assert.Equal(2, result.Stations);
        Assert.Equal(1, result.StationsChanged); // station 3 went live; station 6 is new
        Assert.Equal("operating", await Db.ScalarAsync<string>("SELECT status FROM stations WHERE id = 3"));
        Assert.Equal(6L, await Db.ScalarAsync<long>("SELECT count(*) FROM stations"));
        Assert.Equal(7L, await Db.ScalarAsync<long>("SELECT count(*) FROM station_events"));
    }

    [Fact]
    public async Task Files_that_spell_statuses_and_kinds_as_enum_names_still_import_and_are_stored_as_ids()
    {
        File.WriteAllText(Path.Combine(_folder, "counties.csv"), "code,name,prefecture_code,kind\n513401,西昌市,5134,City\n513471,某经济开发区,5134,DevZone\n");
        File.WriteAllText(Path.Combine(_folder, "townships.csv"), "code,name,county_code,kind\n513401200000,大兴乡,513401,Township\n" +
            "513401400000,西昌农场,513401,Special\n513471100000,某街道,513471,SUBDISTRICT\n");
        File.WriteAllText(Path.Combine(_folder, "stations.csv"), StationsHeader +
            "3,510105001000,少城街道社会工作服务站,countySelfBuilt,Operating,2023-02-01,2024-03-01,2024-11-15,,4,2,needs;care,青羊区社会工作服务中心\n" +
            "6,513401200000,大兴乡社会工作服务站,ExistingVenue,UnderConstruction,2024-06-01,2024-10-01,,,0,0,,\n");

        await Db.Services.GetRequiredService<DataImporter>().ImportAsync(_folder, "tests", CancellationToken.None);

        Assert.Equal("city,devZone", await Db.ScalarAsync<string>("SELECT string_agg(kind, ',' ORDER BY code) FROM counties WHERE prefecture_code = '5134'"));
        Assert.Equal("township,special,subdistrict", await Db.ScalarAsync<string>(
            "SELECT string_agg(kind, ',' ORDER BY code) FROM townships WHERE code IN ('513401200000', '513401400000', '513471100000')"));
        Assert.Equal("operating,underConstruction existingVenue", await Db.ScalarAsync<string>(
            "SELECT string_agg(status, ',' ORDER BY id) || ' ' || max(mode) FILTER (WHERE id = 6) FROM stations WHERE id IN (3, 6)"));
    }

    [Fact]
    public async Task A_first_seed_with_a_bad_row_leaves_an_empty_database_empty()
    {
        var name = $"coverage_t_{Guid.NewGuid():N}";
        await PostgisServer.ExecuteAsync($"CREATE DATABASE \"{name}\"");
        await using var services = PostgisServer.BuildServices(name);
        try
        {
            await CoverageDatabase.MigrateAsync(services.GetRequiredService<IDbContextFactory<CoverageDbContext>>(),
                services.GetRequiredService<NpgsqlDataSource>(), CancellationToken.None);
            foreach (var source in Directory.EnumerateFiles(PostgisServer.FixtureSeedFolder, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(_folder, Path.GetRelativePath(PostgisServer.FixtureSeedFolder, source));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(source, target);
            }
            File.AppendAllText(Path.Combine(_folder, "stations.csv"), "6,513401200000,大兴乡社会工作服务站,existingVenue,operating,2023-01-01,,,,1,0,needs,\n");

            var error = await Assert.ThrowsAsync<SeedDataException>(() =>
                services.GetRequiredService<DataImporter>().ImportAsync(_folder, "tests", CancellationToken.None));

            Assert.Equal("stations.csv line 7: an Operating station needs construction_started_on and operating_since", Assert.Single(error.Problems).ToString());
            await using var context = await services.GetRequiredService<IDbContextFactory<CoverageDbContext>>().CreateDbContextAsync();
            Assert.False(await context.Prefectures.AnyAsync());
            Assert.False(await context.Townships.AnyAsync());
        }
        finally
        {
            await services.DisposeAsync();
            await PostgisServer.DropDatabaseAsync(name);
        }
    }

    private async Task<string> FingerprintAsync() => (await Db.ScalarAsync<string>("""
        SELECT concat_ws('|',
            (SELECT count(*) FROM prefectures), (SELECT count(*) FROM counties), (SELECT count(*) FROM townships),
            (SELECT md5(string_agg(code || name || coalesce(ST_AsText(boundary), ''), ',' ORDER BY code)) FROM townships),
            (SELECT md5(string_agg(code || coalesce(ST_AsText(boundary), ''), ',' ORDER BY code)) FROM counties),
            (SELECT md5(string_agg(id || status || mode || coalesce(operating_since::text, ''), ',' ORDER BY id)) FROM stations),
            (SELECT md5(string_agg(prefecture_code || year || target_coverage, ',' ORDER BY prefecture_code, year)) FROM plan_targets),
            (SELECT count(*) FROM station_events), (SELECT count(*) FROM datasets))
        """))!;
}
