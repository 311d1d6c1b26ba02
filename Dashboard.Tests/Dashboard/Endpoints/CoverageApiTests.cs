using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coverage.Dashboard.Tests.Dashboard.Endpoints;

/// <summary>
/// The HTTP API over the fixture seed in PostGIS. Countable townships: 锦江区 2 (both Operating since 2021-11 and 2022-02),
/// 青羊区 2 (UnderConstruction since 2024-03, Planned since 2024-01), 西昌市 2 (安宁镇 Suspended 2024-06 after going live
/// 2022-12; 大兴乡 without a station), plus the special unit 西昌农场. Targets: 20/40/60/80/100 % for 2021–2025.
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class CoverageApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private readonly HttpClient _client = api.App.CreateClient();

    private async Task<JsonNode> GetJsonAsync(string path)
    {
        using var response = await _client.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    [Fact]
    public async Task The_summary_counts_countable_townships_by_status_against_this_years_plan()
    {
        var summary = await GetJsonAsync("/api/summary");

        Assert.Equal(6, (int)summary["townships"]!);
        Assert.Equal(2, (int)summary["covered"]!);
        Assert.Equal(33.33, (double)summary["coverage"]!);
        Assert.Equal((2, 1, 1, 1, 1), ((int)summary["operating"]!, (int)summary["underConstruction"]!, (int)summary["planned"]!,
            (int)summary["suspended"]!, (int)summary["withoutStation"]!));
        Assert.Equal(100.0, (double)summary["plan"]!["target"]!); // the plan ended in 2025 at 100 %
        Assert.True((bool)summary["dataset"]!["synthetic"]!);
    }

    [Theory]
    [InlineData("prefecture=5101", 4, 2)]
    [InlineData("prefecture=5101&status=operating,planned", 3, 2)]
    [InlineData("prefecture=5101&status=operating&status=planned&mode=existingVenue", 1, 0)]
    [InlineData("county=510105", 2, 0)]
    [InlineData("prefecture=5134&mode=civilAffairsInstitution", 1, 0)]
    [InlineData("mode=governancePilot,provincialSubsidy&status=operating", 2, 2)]
    public async Task Filters_combine(string query, int townships, int covered)
    {
        var summary = await GetJsonAsync($"/api/summary?{query}");

        Assert.Equal(townships, (int)summary["townships"]!);
        Assert.Equal(covered, (int)summary["covered"]!);
    }

    [Fact]
    public async Task An_as_of_date_gives_the_historical_state_and_that_years_plan()
    {
        var summary = await GetJsonAsync("/api/summary?asOf=2022-12-31");

        // 安宁镇 was live then; 青羊区's stations were not yet planned.
        Assert.Equal(3, (int)summary["covered"]!);
        Assert.Equal(0, (int)summary["suspended"]!);
        Assert.Equal(3, (int)summary["withoutStation"]!);
        Assert.Equal(2022, (int)summary["plan"]!["year"]!);
        Assert.Equal(40.0, (double)summary["plan"]!["target"]!);
        Assert.Equal(10.0, (double)summary["plan"]!["difference"]!);

        var layer = await GetJsonAsync("/api/map/townships?prefecture=5134&asOf=2022-12-31");
        var anning = layer["features"]!.AsArray().Single(f => (string)f!["properties"]!["code"]! == "513401100000")!;
        Assert.Equal("operating", (string)anning["properties"]!["status"]!);
    }

    [Fact]
    public async Task Prefectures_and_counties_carry_their_coverage()
    {
        var prefectures = (await GetJsonAsync("/api/prefectures")).AsArray();
        Assert.Equal(["5101", "5134"], prefectures.Select(p => (string)p!["code"]!));
        Assert.Equal(50.0, (double)prefectures[0]!["coverage"]!);

        var counties = (await GetJsonAsync("/api/counties?prefecture=5101")).AsArray();
        Assert.Equal(["510104", "510105"], counties.Select(c => (string)c!["code"]!));
        Assert.Equal(100.0, (double)counties[0]!["coverage"]!);
        Assert.Equal(3, (await GetJsonAsync("/api/counties")).AsArray().Count);
    }

    [Fact]
    public async Task The_township_layer_is_GeoJSON_with_the_agreed_properties()
    {
        using var response = await _client.GetAsync("/api/map/townships?prefecture=5101");
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType!.MediaType);
        var layer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal("FeatureCollection", (string)layer["type"]!);
        var features = layer["features"]!.AsArray();
        Assert.Equal(4, features.Count);
        var first = features[0]!;
        Assert.Equal(["code", "name", "countyCode", "status", "mode"], first["properties"]!.AsObject().Select(p => p.Key));
        Assert.Equal(("510104017000", "锦官驿街道", "510104", "operating", "governancePilot"),
            ((string)first["properties"]!["code"]!, (string)first["properties"]!["name"]!, (string)first["properties"]!["countyCode"]!,
             (string)first["properties"]!["status"]!, (string)first["properties"]!["mode"]!));
        Assert.Contains((string)first["geometry"]!["type"]!, new[] { "Polygon", "MultiPolygon" });

        var all = await GetJsonAsync("/api/map/townships");
        Assert.Equal(7, all["features"]!.AsArray().Count); // the special unit is drawn too
        Assert.Equal(3, (await GetJsonAsync("/api/map/counties"))["features"]!.AsArray().Count);
        Assert.Equal(2, (await GetJsonAsync("/api/map/prefectures"))["features"]!.AsArray().Count);
    }

    [Fact]
    public async Task An_unchanged_layer_is_answered_304_by_its_ETag_and_served_compressed()
    {
        using var first = await _client.GetAsync("/api/map/townships?prefecture=5134");
        var etag = first.Headers.ETag!;

        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/map/townships?prefecture=5134");
        again.Headers.IfNoneMatch.Add(etag);
        using var notModified = await _client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        using var other = await _client.GetAsync("/api/map/townships?prefecture=5101");
        Assert.NotEqual(etag, other.Headers.ETag);

        using var gzip = new HttpRequestMessage(HttpMethod.Get, "/api/map/townships");
        gzip.Headers.AcceptEncoding.ParseAdd("gzip");
        using var compressed = await _client.SendAsync(gzip);
        Assert.Equal(["gzip"], compressed.Content.Headers.ContentEncoding);

        using var summary = new HttpRequestMessage(HttpMethod.Get, "/api/summary");
        summary.Headers.AcceptEncoding.ParseAdd("br");
        using var brotli = await _client.SendAsync(summary);
        Assert.Equal(["br"], brotli.Content.Headers.ContentEncoding);
    }

    public static TheoryData<string, string> BadRequests => new()
    {
        { "/api/summary?prefecture=9999", "prefecture" },
        { "/api/summary?prefecture=chengdu", "prefecture" },
        { "/api/summary?prefecture=5134&county=510104", "county" },
        { "/api/counties?prefecture=51", "prefecture" },
        { "/api/map/townships?county=510199", "county" },
        { "/api/map/townships?mode=sixthBatch", "mode" },
        { "/api/map/counties?asOf=2023-02-30", "asOf" },
        { "/api/stations?status=closed", "status" },
        { "/api/stations?asOf=yesterday", "asOf" },
        { "/api/stations?page=0", "page" },
        { "/api/stations?pageSize=100000", "pageSize" },
        { "/api/prefectures?mode=%3Cscript%3E", "mode" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Unknown_codes_and_malformed_parameters_answer_400_with_a_problem(string path, string parameter)
    {
        using var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(400, (int)problem["status"]!);
        Assert.NotNull(problem["errors"]![parameter]);
    }

    [Fact]
    public async Task Stations_are_listed_by_filter_and_one_station_has_its_services()
    {
        var page = await GetJsonAsync("/api/stations?prefecture=5101&status=operating");
        Assert.Equal(2, (int)page["total"]!);
        Assert.Equal([1, 2], page["items"]!.AsArray().Select(i => (int)i!["id"]!));

        var paged = await GetJsonAsync("/api/stations?pageSize=2&page=3");
        Assert.Equal(5, (int)paged["total"]!);
        Assert.Single(paged["items"]!.AsArray());

        var station = await GetJsonAsync("/api/stations/1");
        Assert.Equal("锦官驿街道社会工作服务站", (string)station["name"]!);
        Assert.Equal("governancePilot", (string)station["mode"]!);
        Assert.Equal(["needs", "resources", "assistance", "care", "governance"], station["services"]!.AsArray().Select(s => (string)s!));

        using var missing = await _client.GetAsync("/api/stations/999");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_API()
    {
        var document = await GetJsonAsync("/openapi/v1.json");
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();

        foreach (var path in new[] { "/api/summary", "/api/prefectures", "/api/counties", "/api/map/townships", "/api/stations", "/api/stations/{id}" })
            Assert.Contains(path, paths);
        var parameters = document["paths"]!["/api/summary"]!["get"]!["parameters"]!.AsArray().Select(p => (string)p!["name"]!);
        Assert.Equal(["prefecture", "county", "mode", "status", "asOf"], parameters);
    }
}
