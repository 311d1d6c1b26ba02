using System.Globalization;
using Coverage.Domain.Import;
using Coverage.Infrastructure.Data;
using Coverage.Infrastructure.Seeding;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Coverage.Dashboard.Tests.Infrastructure;

/// <summary>
/// Bad files are rejected with file, row and reason, and leave the database exactly as it was. The import caps are set small
/// here (<see cref="Limits"/>) so that files over them stay small too.
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class SeedValidationTests(PostgisFixture postgis) : DatabaseTest(postgis)
{
    private readonly string _folder = Directory.CreateTempSubdirectory("coverage-import-").FullName;

    private static readonly ImportLimits Limits = new() { MaxFileBytes = 4096, MaxRows = 20, MaxFeatures = 3, MaxVerticesPerPolygon = 40 };

    protected override void ConfigureServices(IServiceCollection services) => services.Configure<ImportLimits>(o =>
        (o.MaxFileBytes, o.MaxRows, o.MaxFeatures, o.MaxVerticesPerPolygon) = (Limits.MaxFileBytes, Limits.MaxRows, Limits.MaxFeatures, Limits.MaxVerticesPerPolygon));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private const string StationsHeader =
        "id,township_code,name,mode,status,planned_on,construction_started_on,operating_since,suspended_on,social_workers,certified_social_workers,services,operator\n";

    private const string ValuesHeader = "indicator_id,scope,year,value,as_of,source\n";

    private static string Square(string code, double x, double y, double size = 0.01, string extra = "")
    {
        FormattableString ring = $"[[{x},{y}],[{x + size},{y}],[{x + size},{y + size}],[{x},{y + size}],[{x},{y}]]";
        return "{\"type\":\"FeatureCollection\"" + extra + ",\"features\":[{\"type\":\"Feature\",\"properties\":{\"code\":\"" + code +
            "\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[" + FormattableString.Invariant(ring) + "]}}]}";
    }

    /// <summary>A FeatureCollection of <paramref name="count"/> township cells (fixture codes), each a ring of <paramref name="vertices"/> vertices.</summary>
    private static string Cells(int count, int vertices)
    {
        string[] codes = ["510104017000", "510104018000", "510105001000", "510105002000", "513401100000"];
        var features = Enumerable.Range(0, count).Select(i =>
        {
            var (cx, cy) = (104.0 + i * 0.1, 30.6);
            var ring = Enumerable.Range(0, vertices).Select(v => v == vertices - 1 ? 0 : v)
                .Select(v => string.Create(CultureInfo.InvariantCulture, $"[{cx + 0.01 * Math.Cos(2 * Math.PI * v / (vertices - 1)):F6},{cy + 0.01 * Math.Sin(2 * Math.PI * v / (vertices - 1)):F6}]"));
            return "{\"type\":\"Feature\",\"properties\":{\"code\":\"" + codes[i] + "\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[" +
                string.Join(",", ring) + "]]}}";
        });
        return "{\"type\":\"FeatureCollection\",\"features\":[" + string.Join(",", features) + "]}";
    }

    private static string StationRow(int id, string township, string name, string @operator = "") =>
        $"{id},{township},{name},existingVenue,planned,2024-11-01,,,,0,0,,{@operator}\n";

    /// <summary>A stations file a row longer than <see cref="Limits"/>' byte cap allows.</summary>
    private static readonly string JustOverTheCap = StationsHeader + string.Concat(Enumerable.Range(6, 4096 / 80).Select(i => StationRow(i, "513401200000", "大兴乡社会工作服务站")));

    public static TheoryData<string, string, string, string> BadFiles => new()
    {
        // The rules on text and the caps (file, row, reason, and the cap's name, value and how to raise it).
        { "over-length station name", "stations.csv", StationsHeader + StationRow(6, "513401200000", new string('站', 129)),
            "stations.csv line 2: name is 129 characters long; at most 128 are allowed" },
        { "over-length township name", "townships.csv", "code,name,county_code,kind\n513401200000," + new string('乡', 65) + ",513401,township\n",
            "townships.csv line 2: name is 65 characters long; at most 64 are allowed" },
        { "NUL in a name", "townships.csv", "code,name,county_code,kind\n513401200000,大兴\0乡,513401,township\n",
            "townships.csv line 2: name contains a NUL character (U+0000) at character 3" },
        { "bidi override in a name", "stations.csv", StationsHeader + StationRow(6, "513401200000", "大兴乡\u202E站"),
            "stations.csv line 2: name contains a bidirectional control character U+202E at character 4" },
        { "control character in an operator", "stations.csv", StationsHeader + StationRow(6, "513401200000", "大兴乡站", "西昌\u0085中心"),
            "stations.csv line 2: operator contains a control character U+0085 at character 3" },
        { "bidi isolate in a GeoJSON name", "boundaries/counties.geojson",
            Square("510104", 104.05, 30.6).Replace("\"code\":\"510104\"", "\"code\":\"510104\",\"name\":\"锦江\u2066区\"", StringComparison.Ordinal),
            "boundaries/counties.geojson feature 0 (code 510104): properties.name contains a bidirectional control character U+2066 at character 3" },
        { "file over the size cap", "stations.csv", JustOverTheCap,
            string.Create(CultureInfo.InvariantCulture, $"stations.csv file: the file is {System.Text.Encoding.UTF8.GetByteCount(JustOverTheCap):N0} bytes,") + " more than Import:MaxFileBytes (4,096 bytes); it was not read. " +
            "Raise Import:MaxFileBytes (environment variable Import__MaxFileBytes) to accept it" },
        { "too many rows", "plan-targets.csv", "prefecture_code,year,target_coverage\n" + string.Concat(Enumerable.Range(2030, 21).Select(y => $"5101,{y},100\n")),
            "plan-targets.csv line 22: more than 20 rows, the Import:MaxRows cap; the rest was not read. Raise Import:MaxRows (environment variable Import__MaxRows) to accept it" },
        { "polygon over the vertex cap", "boundaries/townships.geojson", Cells(1, 41),
            "boundaries/townships.geojson feature 0 (code 510104017000): the geometry has 41 vertices, more than Import:MaxVerticesPerPolygon (40); the feature was not read. Raise Import:MaxVerticesPerPolygon" },
        { "too many features", "boundaries/townships.geojson", Cells(4, 5),
            "boundaries/townships.geojson feature 3: more than 3 features, the Import:MaxFeatures cap; the rest was not read. Raise Import:MaxFeatures" },

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
        { "an indicator value out of range", "indicator-values.csv", ValuesHeader + "minors-team,51,2026,9800,2026-10-31,省民政厅\n" +
            "elderly-institution-posts,5101,2026,120,2026-10-31,省民政厅\n", "indicator-values.csv line 3: a share is a percentage from 0 to 100" },
        { "an indicator value for an unknown scope", "indicator-values.csv", ValuesHeader + "minors-team,5199,2026,9800,2026-10-31,省民政厅\n",
            "indicator-values.csv line 2: scope '5199' is neither the province (51) nor a known prefecture code" },
        { "a value for a computed indicator", "indicator-values.csv", ValuesHeader + "station-social-workers,51,2026,9800,2026-10-31,省民政厅\n",
            "indicator-values.csv line 2: indicator station-social-workers is computed from the stations; it takes no values" },
        { "a value without a source", "indicator-values.csv", ValuesHeader + "minors-team,51,2026,9800,2026-10-31,\n",
            "indicator-values.csv line 2: source is empty" },
        { "a fractional count of people", "indicator-values.csv", ValuesHeader + "minors-team,51,2026,9800.5,2026-10-31,省民政厅\n",
            "indicator-values.csv line 2: a count of persons is a whole number" },
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
    public async Task Features_up_to_the_caps_are_read_and_replace_the_boundaries()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "boundaries"));
        File.WriteAllText(Path.Combine(_folder, "boundaries", "townships.geojson"), Cells(3, 40));

        var result = await Db.Services.GetRequiredService<DataImporter>().ImportAsync(_folder, "tests", CancellationToken.None);

        Assert.Equal(3, result.TownshipBoundaries);
        Assert.Equal(39L, await Db.ScalarAsync<long>("SELECT ST_NPoints(boundary) - 1 FROM townships WHERE code = '510104017000'"));
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
    public async Task Indicator_values_are_imported_replacing_a_year_and_marked_synthetic_by_their_source()
    {
        File.WriteAllText(Path.Combine(_folder, "indicator-values.csv"), ValuesHeader +
            "minors-team,51,2025,10050,2026-04-30,省民政厅年报\n" +
            "minors-team,5134,2025,812,2026-04-30,synthetic: 示例\n");

        var result = await Db.Services.GetRequiredService<DataImporter>().ImportAsync(_folder, "tests", CancellationToken.None);

        Assert.Equal(2, result.IndicatorValues);
        Assert.Equal("10050.00 f|812.00 t", await Db.ScalarAsync<string>(
            "SELECT string_agg(value || ' ' || CASE WHEN synthetic THEN 't' ELSE 'f' END, '|' ORDER BY scope) FROM indicator_values WHERE indicator_id = 'minors-team' AND year = 2025"));
        var book = await Db.Services.GetRequiredService<Coverage.Domain.Indicators.IIndicators>().LoadAsync();
        Assert.Equal(11, book.Indicators.Count);
        Assert.Equal("elderly-institution-posts", book.Indicators[0].Id);
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
            (SELECT count(*) FROM station_events), (SELECT count(*) FROM datasets),
            (SELECT md5(string_agg(indicator_id || scope || year || value || source, ',' ORDER BY indicator_id, scope, year)) FROM indicator_values))
        """))!;
}
