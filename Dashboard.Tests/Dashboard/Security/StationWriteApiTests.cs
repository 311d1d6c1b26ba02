using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Coverage.Dashboard.Tests.Dashboard.Security;

/// <summary>
/// <c>POST /api/stations/{id}/status</c> refusing what it must: malformed or rule-breaking bodies (400 naming the field),
/// an unknown station (404), an oversized body (413), a body that is not JSON (415) — and writing nothing each time. Station
/// 5 (安宁镇, 凉山) is Suspended since 2024-06-01 after going live on 2022-12-01; the caller is the province admin.
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class StationWriteApiTests(SecurityApiFixture fixture) : IClassFixture<SecurityApiFixture>
{
    private DashboardApp App => fixture.App;

    [Theory]
    [InlineData("""{"status":"open","effectiveOn":"2024-07-01"}""", "status")]
    [InlineData("""{"status":"planned","effectiveOn":"2024-07-01"}""", "status")]
    [InlineData("""{"effectiveOn":"2024-07-01"}""", "status")]
    [InlineData("""{"status":5,"effectiveOn":"2024-07-01"}""", "status")]
    [InlineData("""{"status":"operating","effectiveOn":"01/07/2024"}""", "effectiveOn")]
    [InlineData("""{"status":"operating","effectiveOn":"2024-02-30"}""", "effectiveOn")]
    [InlineData("""{"status":"operating"}""", "effectiveOn")]
    [InlineData("""{"status":"operating","effectiveOn":"2999-01-01"}""", "effectiveOn")] // in the future
    [InlineData("""{"status":"suspended","effectiveOn":"2024-07-01"}""", "status")] // already suspended
    [InlineData("""{"status":"underConstruction","effectiveOn":"2024-07-01"}""", "status")] // it had gone live: it resumes operating
    [InlineData("""{"status":"operating","effectiveOn":"2024-05-01"}""", "effectiveOn")] // before its suspension
    [InlineData("""{"status":"operating","effectiveOn":""", "body")] // not JSON
    [InlineData("null", "body")]
    public async Task A_bad_body_answers_400_naming_the_field_and_writes_nothing(string body, string field)
    {
        var before = await WritesAsync();
        using var client = App.CreateClient(Role.ProvinceAdmin);

        using var response = await client.PostAsync("/api/stations/5/status", new StringContent(body, Encoding.UTF8, "application/json"));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonNode.Parse(text)!["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), $"the problem should name '{field}': {text}");
        Assert.Equal(before, await WritesAsync());
    }

    [Fact]
    public async Task An_unknown_station_answers_404()
    {
        using var client = App.CreateClient(Role.ProvinceAdmin);
        using var response = await client.PostAsJsonAsync("/api/stations/999/status", new { status = "operating", effectiveOn = "2024-07-01" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("999", (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_over_4_KB_answers_413_and_writes_nothing()
    {
        var before = await WritesAsync();
        using var client = App.CreateClient(Role.ProvinceAdmin);
        var padded = $$"""{"status":"operating","effectiveOn":"2024-07-01","note":"{{new string('x', 5000)}}"}""";

        using var declared = await client.PostAsync("/api/stations/5/status", new StringContent(padded, Encoding.UTF8, "application/json"));
        // Sent in chunks, without a Content-Length: the limit holds while reading.
        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(padded)));
        chunked.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/stations/5/status") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        using var streamed = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, streamed.StatusCode);
        Assert.Equal(before, await WritesAsync());
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_answers_415()
    {
        using var client = App.CreateClient(Role.ProvinceAdmin);
        using var response = await client.PostAsync("/api/stations/5/status",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["status"] = "operating", ["effectiveOn"] = "2024-07-01" }));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    /// <summary>What a write would leave behind: station events and StationChanged audit rows.</summary>
    private async Task<(long Events, long Audited)> WritesAsync() =>
        (await App.Database.ScalarAsync<long>("SELECT count(*) FROM station_events"),
         await App.Database.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'stationChanged'"));
}
