using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Coverage.Dashboard.Services;
using Coverage.Dashboard.Tests.Dashboard.Security;
using MiniExcelLibs;

namespace Coverage.Dashboard.Tests.Dashboard.Endpoints;

/// <summary>
/// The gap list and the exports over HTTP on the fixture seed: gaps are 青羊区's two stations (under construction since 2024-03,
/// planned since 2024-01), 西昌市's 安宁镇 (suspended since 2024-06) and 大兴乡 (no station); the special unit 西昌农场 is not counted.
/// The plan reached 100 % in 2025, so today every gap is overdue.
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class GapApiTests(SecurityApiFixture api, PostgisFixture postgis) : IClassFixture<SecurityApiFixture>
{
    private readonly HttpClient _client = api.App.CreateClient();

    private async Task<JsonNode> GetJsonAsync(string path)
    {
        using var response = await _client.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    [Fact]
    public async Task The_gap_list_groups_the_townships_without_an_operating_station_by_county()
    {
        var gaps = await GetJsonAsync("/api/gaps");

        Assert.Equal(4, (int)gaps["count"]!);
        Assert.Equal(4, (int)gaps["overdue"]!);
        Assert.Equal(12, (int)gaps["overdueAfterMonths"]!);
        var counties = gaps["counties"]!.AsArray();
        Assert.Equal(["510105", "513401"], counties.Select(c => (string)c!["code"]!).Order(StringComparer.Ordinal));
        var xichang = counties.Single(c => (string)c!["code"]! == "513401")!;
        Assert.Equal((2, 0, 0.0), ((int)xichang["townships"]!, (int)xichang["operating"]!, (double)xichang["coverage"]!));
        var rows = xichang["rows"]!.AsArray();
        Assert.Equal(["513401100000", "513401200000"], rows.Select(r => (string)r!["townshipCode"]!).Order(StringComparer.Ordinal));
        var anning = rows.Single(r => (string)r!["townshipCode"]! == "513401100000")!;
        Assert.Equal(("suspended", "2024-06-01", 5), ((string)anning["status"]!, (string)anning["since"]!, (int)anning["stationId"]!));
        Assert.Equal(["planYearPassed"], anning["overdueReasons"]!.AsArray().Select(r => (string)r!));
        var daxing = rows.Single(r => (string)r!["townshipCode"]! == "513401200000")!;
        Assert.Null(daxing["status"]);
        Assert.Null(daxing["stationId"]);
    }

    [Fact]
    public async Task The_xlsx_export_holds_the_same_rows_as_the_json_for_a_filter()
    {
        const string filter = "prefecture=5134&asOf=2024-12-31";
        var json = await GetJsonAsync($"/api/gaps?{filter}");
        var expected = json["counties"]!.AsArray().SelectMany(c => c!["rows"]!.AsArray())
            .Select(r => ((string)r!["townshipCode"]!, r["daysSince"]?.GetValue<int>())).ToList();

        using var response = await _client.GetAsync($"/api/gaps?{filter}&format=xlsx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TableExport.XlsxContentType, response.Content.Headers.ContentType?.MediaType);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(["说明", "数据"], stream.GetSheetNames());
        var about = stream.Query(useHeaderRow: true, sheetName: "说明").Cast<IDictionary<string, object>>()
            .ToDictionary(r => (string)r["项目"], r => r["内容"]?.ToString());
        Assert.Equal(("凉山彝族自治州", "2024-12-31"), (about["范围"], about["截至日期"]));
        var rows = stream.Query(useHeaderRow: true, sheetName: "数据").Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(expected, rows.Select(r => ((string)r["乡镇代码"], r["持续天数"] is { } d ? (int?)Convert.ToInt32(d, System.Globalization.CultureInfo.InvariantCulture) : null)));
        Assert.Equal(2, expected.Count);
        Assert.Equal("暂停", rows.Single(r => (string)r["乡镇代码"] == "513401100000")["状态"]);
    }

    [Fact]
    public async Task The_league_table_exports_the_same_rows_as_its_json()
    {
        var json = (await GetJsonAsync("/api/league?prefecture=5101")).AsArray();
        Assert.Equal(["510104", "510105"], json.Select(r => (string)r!["code"]!));
        var jinjiang = json[0]!;
        Assert.Equal((2, 2, 100.0), ((int)jinjiang["townships"]!, (int)jinjiang["operating"]!, (double)jinjiang["coverage"]!));

        using var response = await _client.GetAsync("/api/league?prefecture=5101&format=xlsx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var rows = stream.Query(useHeaderRow: true, sheetName: "数据").Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(json.Select(r => ((string)r!["code"]!, (int)r["underConstruction"]!, (int)r["planned"]!)),
            rows.Select(r => ((string)r["区划代码"], Convert.ToInt32(r["建设中"], System.Globalization.CultureInfo.InvariantCulture),
                Convert.ToInt32(r["规划中"], System.Globalization.CultureInfo.InvariantCulture))));

        using var bad = await _client.GetAsync("/api/league?format=pdf");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Exports_name_the_file_in_chinese_with_an_ascii_fallback()
    {
        using var response = await _client.GetAsync("/api/gaps?county=513401&format=csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Matches(@"^""?gaps-513401-\d{4}-\d\d-\d\d\.csv""?$", disposition.FileName);
        Assert.Matches(@"^未覆盖清单-西昌市-\d{4}-\d\d-\d\d\.csv$", disposition.FileNameStar);
        var raw = response.Content.Headers.GetValues("Content-Disposition").Single();
        Assert.Contains("filename*=UTF-8''%E6%9C%AA%E8%A6%86%E7%9B%96%E6%B8%85%E5%8D%95", raw, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/gaps?format=pdf", "format")]
    [InlineData("/api/stations?format=xls", "format")]
    [InlineData("/api/gaps?overdue=maybe", "overdue")]
    [InlineData("/api/gaps?status=notOperating,sleeping", "status")]
    public async Task A_bad_format_or_flag_answers_400_naming_it(string path, string parameter)
    {
        using var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.NotNull(problem["errors"]![parameter]);
    }

    [Fact]
    public async Task The_not_operating_filter_keeps_townships_without_a_station_and_the_summary_keeps_the_real_coverage()
    {
        var layer = await GetJsonAsync("/api/map/townships?prefecture=5134&status=notOperating");
        Assert.Contains(layer["features"]!.AsArray(), f => (string)f!["properties"]!["code"]! == "513401200000");

        var summary = await GetJsonAsync("/api/summary?status=notOperating");
        Assert.Equal((6, 2, 33.33), ((int)summary["townships"]!, (int)summary["covered"]!, (double)summary["coverage"]!));
    }

    [Fact]
    public async Task A_display_token_exports_its_own_scope_only()
    {
        using var display = api.App.CreateAnonymousClient();
        display.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", api.DisplayToken);

        var csv = await display.GetStringAsync("/api/gaps?format=csv");
        Assert.Contains("513401", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("510105", csv, StringComparison.Ordinal);
        using var outside = await display.GetAsync("/api/stations?prefecture=5101&format=xlsx");
        Assert.Equal(HttpStatusCode.Forbidden, outside.StatusCode);
    }

    [Fact]
    public async Task The_station_csv_escapes_formula_cells()
    {
        await using var app = await DashboardApp.StartAsync(postgis, browser: false);
        using var prefecture = app.CreateClient(Role.PrefectureStaff);
        using var post = await prefecture.PostAsync("/api/stations/5/reports", new StringContent(
            """{"status":"operating","effectiveOn":"2024-07-01","operator":"=HYPERLINK(\"http://evil.example\",\"x\")"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, post.StatusCode);

        byte[] bytes = [];
        await Eventually.UntilAsync(async () =>
        {
            bytes = await prefecture.GetByteArrayAsync("/api/stations?prefecture=5134&format=csv");
            return Encoding.UTF8.GetString(bytes).Contains("HYPERLINK", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(15), () => "the change never reached the export");

        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var csv = Encoding.UTF8.GetString(bytes[3..]);
        Assert.StartsWith("# ", csv, StringComparison.Ordinal);
        Assert.Contains(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(",=HYPERLINK", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_gap_list_and_the_exports()
    {
        var document = await GetJsonAsync("/openapi/v1.json");
        var gaps = document["paths"]!["/api/gaps"]!["get"]!;
        Assert.Contains(gaps["parameters"]!.AsArray(), p => (string)p!["name"]! == "format");
        Assert.Contains(gaps["parameters"]!.AsArray(), p => (string)p!["name"]! == "overdue");
        var content = gaps["responses"]!["200"]!["content"]!.AsObject();
        Assert.Equal(["application/json", TableExport.XlsxContentType, "text/csv"], content.Select(c => c.Key));
        Assert.Contains(document["paths"]!["/api/stations"]!["get"]!["parameters"]!.AsArray(), p => (string)p!["name"]! == "format");
    }
}
