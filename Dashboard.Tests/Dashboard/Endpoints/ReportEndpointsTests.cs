using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Coverage.Dashboard.Tests.Dashboard.Security;

namespace Coverage.Dashboard.Tests.Dashboard.Endpoints;

/// <summary>
/// The report API (报送) on the real app and PostGIS, called with the test users' tokens. Station 5 (安宁镇, 西昌市 513401, 凉山
/// 5134) is Suspended since 2024-06-01 after going live on 2022-12-01, with 3 social workers (1 certified) and needs + assistance:
/// the county user (513401) reports on it, the prefecture user (5134) confirms; station 1 (锦官驿街道, 成都) is outside both.
/// Tests that only read or are refused share one app; a test that stores a report gets a fresh app (its own database copy).
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed partial class ReportEndpointsTests(SecurityApiFixture fixture, PostgisFixture postgis) : IClassFixture<SecurityApiFixture>
{
    private const string Resume = """{"status":"operating","effectiveOn":"2024-07-01"}""";
    private static readonly string County = TestUsers.Email(Role.CountyStaff);
    private static readonly string Prefecture = TestUsers.Email(Role.PrefectureStaff);

    private DashboardApp Shared => fixture.App;

    private Task<DashboardApp> FreshAppAsync() => DashboardApp.StartAsync(postgis, browser: false);

    // ── Submitting ──────────────────────────────────────────────────────────────────────────────────────────────────────

    [Fact]
    public async Task A_county_users_report_is_stored_pending_with_its_location_and_the_station_is_unchanged()
    {
        await using var app = await FreshAppAsync();
        using var county = app.CreateClient(Role.CountyStaff);

        using var response = await PostAsync(county, "/api/stations/5/reports",
            """{"status":"operating","effectiveOn":"2024-07-01","socialWorkers":4,"certifiedSocialWorkers":2,"services":["needs","care"],"operator":"西昌市社工协会","note":"恢复运营"}""");

        var created = await ExpectAsync(response, HttpStatusCode.Created);
        Assert.Equal("pending", (string)created["state"]!);
        var id = (long)created["id"]!;
        Assert.Equal($"/api/reports/{id}", response.Headers.Location?.OriginalString);
        var report = await GetJsonAsync(county, $"/api/reports/{id}");
        Assert.Equal(("change", "operating", "suspended", 4, 2), ((string)report["kind"]!, (string)report["status"]!, (string)report["previousStatus"]!,
            (int)report["socialWorkers"]!, (int)report["certifiedSocialWorkers"]!));
        Assert.Equal(["needs", "care"], report["services"]!.AsArray().Select(s => (string)s!));
        Assert.Equal((County, "西昌市社工协会"), ((string)report["submittedBy"]!, (string)report["operator"]!));
        Assert.Equal("suspended", (string)(await GetJsonAsync(county, "/api/stations/5"))["status"]!);
    }

    [Fact]
    public async Task A_prefecture_user_records_directly_confirmed_at_once_and_the_station_follows()
    {
        await using var app = await FreshAppAsync();
        using var prefecture = app.CreateClient(Role.PrefectureStaff);

        var created = await ExpectAsync(await PostAsync(prefecture, "/api/stations/5/reports", Resume), HttpStatusCode.Created);

        Assert.Equal("confirmed", (string)created["state"]!);
        var report = await GetJsonAsync(prefecture, $"/api/reports/{(long)created["id"]!}");
        Assert.True((bool)report["direct"]!);
        Assert.Equal("operating", await app.Database.ScalarAsync<string>("SELECT status FROM stations WHERE id = 5"));
        // A member left out keeps the station's value: staff, services and operator are as they were.
        Assert.Equal((3, 1), ((int)report["socialWorkers"]!, (int)report["certifiedSocialWorkers"]!));
        Assert.Equal(["needs", "assistance"], report["services"]!.AsArray().Select(s => (string)s!));
    }

    [Fact]
    public async Task A_retry_with_the_same_Idempotency_Key_returns_the_first_report_and_the_key_with_another_body_answers_422()
    {
        await using var app = await FreshAppAsync();
        using var county = app.CreateClient(Role.CountyStaff);
        var before = await ReportsAsync(app);

        var first = await ExpectAsync(await PostAsync(county, "/api/stations/5/reports", Resume, key: "retry-1"), HttpStatusCode.Created);
        // The same content, spaced and ordered differently, is the same request.
        using var retried = await PostAsync(county, "/api/stations/5/reports", """{ "effectiveOn": "2024-07-01", "status": "operating" }""", key: "retry-1");
        var second = await ExpectAsync(retried, HttpStatusCode.Created);
        using var other = await PostAsync(county, "/api/stations/5/reports", """{"status":"operating","effectiveOn":"2024-07-02"}""", key: "retry-1");

        Assert.Equal(((long)first["id"]!, "pending"), ((long)second["id"]!, (string)second["state"]!));
        Assert.Equal($"/api/reports/{(long)first["id"]!}", retried.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal(before + 1, await ReportsAsync(app));
    }

    [Theory]
    [InlineData("""{"status":"underConstruction","effectiveOn":"2024-07-01"}""", "status", "transitionNotAllowed")]
    [InlineData("""{"status":"suspended","effectiveOn":"2024-07-01"}""", "status", "nothingToReport")]
    [InlineData("""{"status":"operating","effectiveOn":"2999-01-01"}""", "effectiveOn", "effectiveInFuture")]
    [InlineData("""{"status":"operating","effectiveOn":"2024-05-01"}""", "effectiveOn", "effectiveBeforeLast")]
    [InlineData("""{"status":"operating","effectiveOn":"2024-07-01","socialWorkers":-1,"certifiedSocialWorkers":0}""", "socialWorkers", "staffOutOfRange")]
    [InlineData("""{"status":"operating","effectiveOn":"2024-07-01","socialWorkers":501}""", "socialWorkers", "staffOutOfRange")]
    [InlineData("""{"status":"operating","effectiveOn":"2024-07-01","socialWorkers":2,"certifiedSocialWorkers":3}""", "certifiedSocialWorkers", "certifiedExceedsStaff")]
    [InlineData("""{"status":"operating","effectiveOn":"2024-07-01","services":["needs","cooking"]}""", "services", "unknownService")]
    [InlineData("""{"status":"operating","effectiveOn":"2024-07-01","note":"a\u202Eb"}""", "note", "textCharacters")]
    public async Task Each_rule_breach_answers_400_naming_the_field_and_the_rule_and_writes_nothing(string body, string field, string rule)
    {
        var before = await WritesAsync(Shared);
        using var county = Shared.CreateClient(Role.CountyStaff);

        var problem = await ExpectAsync(await PostAsync(county, "/api/stations/5/reports", body), HttpStatusCode.BadRequest);

        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), $"the problem should name '{field}': {problem}");
        Assert.Equal(rule, (string?)problem["rules"]?[field]);
        Assert.Equal(before, await WritesAsync(Shared));
    }

    [Fact]
    public async Task A_text_longer_than_its_field_answers_400_textTooLong()
    {
        using var county = Shared.CreateClient(Role.CountyStaff);
        var body = $$"""{"status":"operating","effectiveOn":"2024-07-01","operator":"{{new string('x', 129)}}"}""";

        var problem = await ExpectAsync(await PostAsync(county, "/api/stations/5/reports", body), HttpStatusCode.BadRequest);

        Assert.Equal("textTooLong", (string?)problem["rules"]?["operator"]);
    }

    [Theory]
    [InlineData("""{"status":"open","effectiveOn":"2024-07-01"}""", "status")]
    [InlineData("""{"status":"operating"}""", "effectiveOn")]
    [InlineData("""{"status":"operating","effectiveOn":"2024-02-30"}""", "effectiveOn")]
    [InlineData("""{"status":"operating","effectiveOn":"2024-07-01","socialWorkers":"three"}""", "socialWorkers")]
    [InlineData("""{"status":"operating","effectiveOn":"2024-07-01","services":"needs"}""", "services")]
    [InlineData("""{"status":"operating",""", "body")]
    [InlineData("null", "body")]
    public async Task A_malformed_body_answers_400_naming_the_member(string body, string field)
    {
        var before = await WritesAsync(Shared);
        using var county = Shared.CreateClient(Role.CountyStaff);

        var problem = await ExpectAsync(await PostAsync(county, "/api/stations/5/reports", body), HttpStatusCode.BadRequest);

        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), $"the problem should name '{field}': {problem}");
        Assert.Equal(before, await WritesAsync(Shared));
    }

    [Fact]
    public async Task A_county_user_reporting_outside_its_county_gets_403_naming_its_scope()
    {
        var before = await WritesAsync(Shared);
        using var county = Shared.CreateClient(Role.CountyStaff);

        var problem = await ExpectAsync(await PostAsync(county, "/api/stations/1/reports", Resume.Replace("operating", "suspended", StringComparison.Ordinal)),
            HttpStatusCode.Forbidden);

        Assert.Equal("513401", (string?)problem["scope"]);
        Assert.Equal(before, await WritesAsync(Shared));
    }

    [Fact]
    public async Task A_viewer_cannot_report_and_a_display_token_cannot_write()
    {
        var before = await WritesAsync(Shared);
        using var viewer = Shared.CreateClient(Role.Viewer);
        using var display = Shared.CreateAnonymousClient().WithToken(fixture.DisplayToken);

        using var byViewer = await PostAsync(viewer, "/api/stations/5/reports", Resume);
        using var byDisplay = await PostAsync(display, "/api/stations/5/reports", Resume);

        Assert.Equal(HttpStatusCode.Forbidden, byViewer.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byDisplay.StatusCode);
        Assert.Equal(before, await WritesAsync(Shared));
    }

    [Fact]
    public async Task Unknown_stations_townships_and_reports_answer_404()
    {
        using var county = Shared.CreateClient(Role.CountyStaff);
        using var prefecture = Shared.CreateClient(Role.PrefectureStaff);

        using var station = await PostAsync(county, "/api/stations/999/reports", Resume);
        using var township = await PostAsync(county, "/api/townships/513401999000/proposals", """{"mode":"existingVenue","plannedOn":"2024-07-01"}""");
        using var confirm = await PostAsync(prefecture, "/api/reports/999999/confirm", null);
        using var returned = await PostAsync(prefecture, "/api/reports/999999/return", """{"reason":"缺少材料"}""");
        using var report = await prefecture.GetAsync("/api/reports/999999");
        using var history = await prefecture.GetAsync("/api/stations/999/history");

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound],
            new[] { station, township, confirm, returned, report, history }.Select(r => r.StatusCode));
        Assert.Contains("999", (string)JsonNode.Parse(await station.Content.ReadAsStringAsync())!["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_over_8_KB_answers_413_declared_or_streamed_and_a_form_answers_415()
    {
        var before = await WritesAsync(Shared);
        using var county = Shared.CreateClient(Role.CountyStaff);
        var padded = $$"""{"status":"operating","effectiveOn":"2024-07-01","note":"{{new string('x', 9000)}}"}""";

        using var declared = await PostAsync(county, "/api/stations/5/reports", padded);
        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(padded)));
        chunked.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/stations/5/reports") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        using var streamed = await county.SendAsync(request);
        using var form = await county.PostAsync("/api/stations/5/reports",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["status"] = "operating", ["effectiveOn"] = "2024-07-01" }));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, streamed.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);
        Assert.Equal(before, await WritesAsync(Shared));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("tab\tinside")]
    public async Task A_bad_Idempotency_Key_answers_400_and_writes_nothing(string key)
    {
        var before = await WritesAsync(Shared);
        using var county = Shared.CreateClient(Role.CountyStaff);

        var problem = await ExpectAsync(await PostAsync(county, "/api/stations/5/reports", Resume, key), HttpStatusCode.BadRequest);
        using var tooLong = await PostAsync(county, "/api/stations/5/reports", Resume, new string('k', 101));

        Assert.True(problem["errors"]!.AsObject().ContainsKey("Idempotency-Key"), problem.ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal(before, await WritesAsync(Shared));
    }

    [Fact]
    public async Task A_browsers_session_cookie_alone_cannot_write_reports()
    {
        using var browser = await CookieClientAsync(Shared, Role.ProvinceAdmin);

        using var read = await browser.GetAsync("/api/reports");
        using var write = await PostAsync(browser, "/api/stations/5/reports", Resume);
        using var confirm = await PostAsync(browser, "/api/reports/1/confirm", null);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, write.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, confirm.StatusCode);
    }

    // ── Deciding ────────────────────────────────────────────────────────────────────────────────────────────────────────

    [Fact]
    public async Task The_prefecture_confirms_a_county_report_the_station_follows_a_second_confirm_is_409_and_the_history_names_both_users()
    {
        await using var app = await FreshAppAsync();
        using var county = app.CreateClient(Role.CountyStaff);
        using var prefecture = app.CreateClient(Role.PrefectureStaff);
        var id = await SubmitAsync(county, Resume);

        // The county is no decider: it cannot confirm (its own or any) report.
        var refused = await ExpectAsync(await PostAsync(county, $"/api/reports/{id}/confirm", null), HttpStatusCode.Forbidden);
        Assert.Equal("pending", (string)(await GetJsonAsync(county, $"/api/reports/{id}"))["state"]!);

        var confirmed = await ExpectAsync(await PostAsync(prefecture, $"/api/reports/{id}/confirm", """{"comment":"已核实"}"""), HttpStatusCode.OK);
        Assert.Equal(("confirmed", Prefecture, "已核实"), ((string)confirmed["state"]!, (string)confirmed["decidedBy"]!, (string)confirmed["decisionNote"]!));
        await Eventually.UntilAsync(async () => (string?)(await GetJsonAsync(county, "/api/stations/5"))["status"] == "operating",
            TimeSpan.FromSeconds(20), () => "GET /api/stations/5 never showed the confirmed status");

        var again = await ExpectAsync(await PostAsync(prefecture, $"/api/reports/{id}/confirm", null), HttpStatusCode.Conflict);
        Assert.Equal("alreadyDecided", (string?)again["rule"]);

        var history = await GetJsonAsync(county, "/api/stations/5/history");
        var entry = history["items"]!.AsArray().Single(e => (long?)e!["reportId"] == id)!;
        Assert.Equal(("suspended", "operating", County, Prefecture),
            ((string)entry["previousStatus"]!, (string)entry["status"]!, (string)entry["submittedBy"]!, (string)entry["confirmedBy"]!));
        Assert.NotNull((string?)refused["detail"]);
    }

    [Fact]
    public async Task Confirming_a_report_on_a_station_changed_since_answers_409_saying_when_and_by_whom_and_applies_nothing()
    {
        await using var app = await FreshAppAsync();
        using var county = app.CreateClient(Role.CountyStaff);
        using var prefecture = app.CreateClient(Role.PrefectureStaff);
        var stale = await SubmitAsync(county, """{"status":"operating","effectiveOn":"2024-07-01","socialWorkers":4}""");
        // Meanwhile the prefecture records a change of its own.
        await ExpectAsync(await PostAsync(prefecture, "/api/stations/5/reports", """{"status":"operating","effectiveOn":"2024-07-02","socialWorkers":5}"""),
            HttpStatusCode.Created);
        var events = await app.Database.ScalarAsync<long>("SELECT count(*) FROM station_events");

        var problem = await ExpectAsync(await PostAsync(prefecture, $"/api/reports/{stale}/confirm", null), HttpStatusCode.Conflict);

        var detail = (string)problem["detail"]!;
        Assert.Contains(Prefecture, detail, StringComparison.Ordinal);
        Assert.Contains("该站点已于", detail, StringComparison.Ordinal);
        Assert.Matches(@"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", detail);
        Assert.Equal((Prefecture, "stationChanged"), ((string?)problem["changedBy"], (string?)problem["rule"]));
        Assert.Equal("pending", (string)(await GetJsonAsync(county, $"/api/reports/{stale}"))["state"]!);
        Assert.Equal(5, await app.Database.ScalarAsync<int>("SELECT social_workers FROM stations WHERE id = 5"));
        Assert.Equal(events, await app.Database.ScalarAsync<long>("SELECT count(*) FROM station_events"));
    }

    [Fact]
    public async Task Two_concurrent_confirms_of_one_report_exactly_one_succeeds_the_other_answers_409()
    {
        await using var app = await FreshAppAsync();
        using var county = app.CreateClient(Role.CountyStaff);
        using var prefecture = app.CreateClient(Role.PrefectureStaff);
        using var admin = app.CreateClient(Role.ProvinceAdmin);
        var id = await SubmitAsync(county, Resume);
        var events = await app.Database.ScalarAsync<long>("SELECT count(*) FROM station_events");

        var answers = await Task.WhenAll(PostAsync(prefecture, $"/api/reports/{id}/confirm", null), PostAsync(admin, $"/api/reports/{id}/confirm", null));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
        Assert.Equal(events + 1, await app.Database.ScalarAsync<long>("SELECT count(*) FROM station_events"));
        foreach (var answer in answers) answer.Dispose();
    }

    [Fact]
    public async Task Returning_needs_a_reason_and_the_county_sees_its_returned_report_with_the_reason()
    {
        await using var app = await FreshAppAsync();
        using var county = app.CreateClient(Role.CountyStaff);
        using var prefecture = app.CreateClient(Role.PrefectureStaff);
        var id = await SubmitAsync(county, Resume);

        var noReason = await ExpectAsync(await PostAsync(prefecture, $"/api/reports/{id}/return", """{"reason":"  "}"""), HttpStatusCode.BadRequest);
        using var noBody = await PostAsync(prefecture, $"/api/reports/{id}/return", null);
        var returned = await ExpectAsync(await PostAsync(prefecture, $"/api/reports/{id}/return", """{"reason":"缺少开工证明"}"""), HttpStatusCode.OK);

        Assert.Equal("reasonRequired", (string?)noReason["rules"]?["reason"]);
        Assert.Equal(HttpStatusCode.BadRequest, noBody.StatusCode);
        Assert.Equal(("returned", "缺少开工证明"), ((string)returned["state"]!, (string)returned["decisionNote"]!));
        var mine = await GetJsonAsync(county, "/api/reports?state=returned");
        Assert.Equal(id, (long)mine["items"]!.AsArray().Single()!["id"]!);
        Assert.Equal("suspended", await app.Database.ScalarAsync<string>("SELECT status FROM stations WHERE id = 5"));
    }

    [Fact]
    public async Task A_county_proposes_a_station_for_a_township_without_one_and_the_prefecture_confirms_it_into_a_planned_station()
    {
        await using var app = await FreshAppAsync();
        using var county = app.CreateClient(Role.CountyStaff);
        using var prefecture = app.CreateClient(Role.PrefectureStaff);

        using var taken = await PostAsync(county, "/api/townships/513401100000/proposals", """{"mode":"existingVenue","plannedOn":"2024-07-01"}""");
        using var noMode = await PostAsync(county, "/api/townships/513401200000/proposals", """{"plannedOn":"2024-07-01"}""");
        var created = await ExpectAsync(await PostAsync(county, "/api/townships/513401200000/proposals",
            """{"mode":"existingVenue","plannedOn":"2024-07-01","name":"大兴乡社会工作服务站"}""", key: "proposal-1"), HttpStatusCode.Created);
        var id = (long)created["id"]!;
        var confirmed = await ExpectAsync(await PostAsync(prefecture, $"/api/reports/{id}/confirm", null), HttpStatusCode.OK);

        Assert.Equal("townshipHasStation", (string?)JsonNode.Parse(await taken.Content.ReadAsStringAsync())!["rules"]?["townshipCode"]);
        Assert.Equal("modeRequired", (string?)JsonNode.Parse(await noMode.Content.ReadAsStringAsync())!["rules"]?["mode"]);
        Assert.Equal(("pending", "proposal"), ((string)created["state"]!, (string)confirmed["kind"]!));
        var station = (int)confirmed["stationId"]!;
        await Eventually.UntilAsync(async () => (await county.GetAsync($"/api/stations/{station}")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(20), () => $"station {station} never appeared");
        var json = await GetJsonAsync(county, $"/api/stations/{station}");
        Assert.Equal(("planned", "existingVenue", "513401200000"), ((string)json["status"]!, (string)json["mode"]!, (string)json["townshipCode"]!));
    }

    // ── Reading ─────────────────────────────────────────────────────────────────────────────────────────────────────────

    [Fact]
    public async Task Reports_are_listed_by_scope_and_filter()
    {
        await using var app = await FreshAppAsync();
        using var county = app.CreateClient(Role.CountyStaff);
        using var admin = app.CreateClient(Role.ProvinceAdmin);
        using var viewer = app.CreateClient(Role.Viewer);
        var pending = await SubmitAsync(county, Resume);
        // The admin records a change in 成都 directly: outside the county's scope.
        await ExpectAsync(await PostAsync(admin, "/api/stations/1/reports", """{"status":"suspended","effectiveOn":"2024-07-01"}"""), HttpStatusCode.Created);

        var own = await GetJsonAsync(county, "/api/reports");
        var all = await GetJsonAsync(viewer, "/api/reports");
        var waiting = await GetJsonAsync(admin, "/api/reports?state=pending&prefecture=5134&station=5&limit=10");

        Assert.Equal([pending], own["items"]!.AsArray().Select(r => (long)r!["id"]!));
        Assert.Equal(2, (int)all["count"]!);
        Assert.Equal([pending], waiting["items"]!.AsArray().Select(r => (long)r!["id"]!));
    }

    [Theory]
    [InlineData("state=open", "state")]
    [InlineData("prefecture=51", "prefecture")]
    [InlineData("county=5134", "county")]
    [InlineData("station=x", "station")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    public async Task A_bad_report_filter_answers_400_naming_the_parameter(string query, string parameter)
    {
        using var viewer = Shared.CreateClient(Role.Viewer);

        var problem = await ExpectAsync(await viewer.GetAsync($"/api/reports?{query}"), HttpStatusCode.BadRequest);

        Assert.True(problem["errors"]!.AsObject().ContainsKey(parameter), problem.ToJsonString());
    }

    [Fact]
    public async Task A_display_token_reads_no_reports_and_no_history()
    {
        using var display = Shared.CreateAnonymousClient().WithToken(fixture.DisplayToken);

        using var list = await display.GetAsync("/api/reports");
        using var one = await display.GetAsync("/api/reports/1");
        using var history = await display.GetAsync("/api/stations/5/history");

        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden], new[] { list, one, history }.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task A_history_names_an_outside_writer_by_its_database_role()
    {
        await using var app = await FreshAppAsync();
        using var viewer = app.CreateClient(Role.Viewer);
        await app.Database.ExecuteAsync("UPDATE stations SET status = 'operating', suspended_on = NULL WHERE id = 5");

        var history = await GetJsonAsync(viewer, "/api/stations/5/history");

        Assert.Equal(5, (int)history["stationId"]!);
        var latest = history["items"]!.AsArray()[0]!;
        Assert.Equal(("suspended", "operating"), ((string)latest["previousStatus"]!, (string)latest["status"]!));
        Assert.StartsWith("sql:", (string)latest["actor"]!, StringComparison.Ordinal);
        Assert.Null((long?)latest["reportId"]);
    }

    [Fact]
    public async Task The_report_endpoints_are_in_the_OpenAPI_document_tagged_summarised_with_their_responses()
    {
        using var viewer = Shared.CreateClient(Role.Viewer);
        var paths = (await GetJsonAsync(viewer, "/openapi/v1.json"))["paths"]!;

        var expected = new (string Path, string Method, string[] Codes)[]
        {
            ("/api/stations/{id}/reports", "post", ["201", "400", "401", "403", "404", "413", "415", "422"]),
            ("/api/townships/{code}/proposals", "post", ["201", "400", "403", "404", "422"]),
            ("/api/reports/{id}/confirm", "post", ["200", "400", "403", "404", "409"]),
            ("/api/reports/{id}/return", "post", ["200", "400", "403", "404", "409"]),
            ("/api/reports", "get", ["200", "400", "401", "403"]),
            ("/api/reports/{id}", "get", ["200", "403", "404"]),
            ("/api/stations/{id}/history", "get", ["200", "403", "404"]),
        };
        foreach (var (path, method, codes) in expected)
        {
            var operation = paths[path]?[method] ?? throw new Xunit.Sdk.XunitException($"{method} {path} is not in the document");
            Assert.Equal("Reports", (string)operation["tags"]![0]!);
            Assert.False(string.IsNullOrWhiteSpace((string?)operation["summary"]), $"{method} {path} has no summary");
            Assert.False(string.IsNullOrWhiteSpace((string?)operation["operationId"]), $"{method} {path} has no name");
            var responses = operation["responses"]!.AsObject().Select(r => r.Key).ToHashSet();
            Assert.True(codes.All(responses.Contains), $"{method} {path} documents {string.Join(",", responses)}, not all of {string.Join(",", codes)}");
        }
        Assert.Contains("Idempotency-Key", paths["/api/stations/{id}/reports"]!["post"]!["parameters"]!.AsArray().Select(p => (string)p!["name"]!));
    }

    // ── Helpers ─────────────────────────────────────────────────────────────────────────────────────────────────────────

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string? json, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        if (key is not null) request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return await client.SendAsync(request);
    }

    /// <summary>Submits a report as <paramref name="client"/> and returns its id (201 expected).</summary>
    private static async Task<long> SubmitAsync(HttpClient client, string json) =>
        (long)(await ExpectAsync(await PostAsync(client, "/api/stations/5/reports", json), HttpStatusCode.Created))["id"]!;

    private static async Task<JsonNode> ExpectAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
            return JsonNode.Parse(text)!;
        }
    }

    private static async Task<JsonNode> GetJsonAsync(HttpClient client, string path) => await ExpectAsync(await client.GetAsync(path), HttpStatusCode.OK);

    private static Task<long> ReportsAsync(DashboardApp app) => app.Database.ScalarAsync<long>("SELECT count(*) FROM station_reports");

    /// <summary>What a write would leave behind: reports, station events and report audit rows.</summary>
    private static async Task<(long Reports, long Events, long Audited)> WritesAsync(DashboardApp app) =>
        (await ReportsAsync(app),
         await app.Database.ScalarAsync<long>("SELECT count(*) FROM station_events"),
         await app.Database.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action IN ('reportSubmitted', 'reportConfirmed', 'reportReturned')"));

    /// <summary>An HTTP client holding only the session cookie of a sign-in through the form, as a browser would.</summary>
    private static async Task<HttpClient> CookieClientAsync(DashboardApp app, Role role)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = app.BaseAddress };
        var form = await client.GetStringAsync("/account/login");
        var token = WebUtility.HtmlDecode(AntiforgeryField().Match(form).Groups[1].Value);
        using var signIn = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "login",
            ["Input.Email"] = TestUsers.Email(role),
            ["Input.Password"] = TestUsers.Password,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
