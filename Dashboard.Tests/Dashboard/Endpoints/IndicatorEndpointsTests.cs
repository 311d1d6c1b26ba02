using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Coverage.Dashboard.Tests.Dashboard.Security;

namespace Coverage.Dashboard.Tests.Dashboard.Endpoints;

/// <summary>
/// The indicator value API on the real app and PostGIS with the test users' tokens: 凉山 (5134) prefecture staff submit
/// elderly-institution-posts for 2025 (stored: 78.0 %), a province admin confirms. Refusals share one app; the workflow gets its own.
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class IndicatorEndpointsTests(SecurityApiFixture fixture, PostgisFixture postgis) : IClassFixture<SecurityApiFixture>
{
    private const string Path = "/api/indicators/elderly-institution-posts/values";
    private const string Liangshan = """{"scope":"5134","year":2025,"value":84.5,"asOf":"2026-06-30","source":"凉山州民政局年报"}""";

    private DashboardApp Shared => fixture.App;

    [Fact]
    public async Task A_prefectures_value_is_created_pending_and_a_province_admin_confirms_it()
    {
        await using var app = await DashboardApp.StartAsync(postgis, browser: false);
        using var prefecture = app.CreateClient(Role.PrefectureStaff);
        using var admin = app.CreateClient(Role.ProvinceAdmin);

        using var response = await PostAsync(prefecture, Path, Liangshan);
        var created = await ExpectAsync(response, HttpStatusCode.Created);
        var id = (long)created["id"]!;
        Assert.Equal("pending", (string)created["state"]!);
        Assert.Equal($"/api/indicator-submissions/{id}", response.Headers.Location?.OriginalString);

        var fourEyes = await ExpectAsync(await PostAsync(prefecture, $"/api/indicator-submissions/{id}/confirm", null), HttpStatusCode.Forbidden);
        Assert.NotNull(fourEyes["detail"]);
        var confirmed = await ExpectAsync(await PostAsync(admin, $"/api/indicator-submissions/{id}/confirm", """{"comment":"已核对"}"""), HttpStatusCode.OK);
        Assert.Equal(("confirmed", TestUsers.AdminEmail), ((string)confirmed["state"]!, (string)confirmed["decidedBy"]!));
        await ExpectAsync(await PostAsync(admin, $"/api/indicator-submissions/{id}/return", """{"reason":"晚了"}"""), HttpStatusCode.Conflict);

        // A retry with the same Idempotency-Key answers the first result; the key with another body answers 422.
        var first = await ExpectAsync(await PostAsync(prefecture, Path, Liangshan, "value-2025-a"), HttpStatusCode.Created);
        using var retry = await PostAsync(prefecture, Path, Liangshan, "value-2025-a");
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal((long)first["id"]!, (long)(await ExpectAsync(retry, HttpStatusCode.Created))["id"]!);
        await ExpectAsync(await PostAsync(prefecture, Path, Liangshan.Replace("84.5", "85", StringComparison.Ordinal), "value-2025-a"), HttpStatusCode.UnprocessableEntity);

        var list = await ExpectAsync(await prefecture.GetAsync("/api/indicator-submissions?state=confirmed"), HttpStatusCode.OK);
        Assert.Equal(1, (int)list["count"]!);
        Assert.Equal(2L, await app.Database.ScalarAsync<long>("SELECT count(*) FROM indicator_submissions"));
        Assert.Equal(84.5m, await app.Database.ScalarAsync<decimal>(
            "SELECT value FROM indicator_values WHERE indicator_id = 'elderly-institution-posts' AND scope = '5134' AND year = 2025"));
    }

    [Fact]
    public async Task A_bad_value_answers_400_naming_field_and_rule_and_writes_nothing()
    {
        using var prefecture = Shared.CreateClient(Role.PrefectureStaff);

        var problem = await ExpectAsync(await PostAsync(prefecture, Path,
            """{"scope":"5134","year":2025,"value":140,"asOf":"2026-06-30","source":""}"""), HttpStatusCode.BadRequest);

        Assert.Equal("valueRejected", (string)problem["rules"]!["value"]!);
        Assert.Equal("sourceRequired", (string)problem["rules"]!["source"]!);
        Assert.NotNull(problem["errors"]!["value"]);
        var missing = await ExpectAsync(await PostAsync(prefecture, Path, """{"scope":"5134","asOf":"2026-06-30","source":"x"}"""), HttpStatusCode.BadRequest);
        Assert.NotNull(missing["errors"]!["year"]);
        Assert.Equal(0L, await Shared.Database.ScalarAsync<long>("SELECT count(*) FROM indicator_submissions"));
    }

    [Theory]
    [InlineData(Role.CountyStaff, "5134")]
    [InlineData(Role.Viewer, "5134")]
    [InlineData(Role.PrefectureStaff, "5101")]
    public async Task Outside_the_role_or_scope_answers_403_and_writes_nothing(Role role, string scope)
    {
        using var client = Shared.CreateClient(role);

        await ExpectAsync(await PostAsync(client, Path, Liangshan.Replace("\"5134\"", $"\"{scope}\"", StringComparison.Ordinal)), HttpStatusCode.Forbidden);

        Assert.Equal(0L, await Shared.Database.ScalarAsync<long>("SELECT count(*) FROM indicator_submissions"));
    }

    [Fact]
    public async Task Unknown_submissions_answer_404_and_a_body_over_8_KB_413()
    {
        using var admin = Shared.CreateClient(Role.ProvinceAdmin);

        await ExpectAsync(await PostAsync(admin, "/api/indicator-submissions/999999/confirm", null), HttpStatusCode.NotFound);
        using var large = await PostAsync(admin, Path, Liangshan.Replace("凉山州民政局年报", new string('x', 9000), StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string? json, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        if (key is not null) request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return await client.SendAsync(request);
    }

    private static async Task<JsonNode> ExpectAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
            return JsonNode.Parse(text)!;
        }
    }
}
