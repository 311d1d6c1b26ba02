using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Coverage.Dashboard.Tests.EndToEnd;

/// <summary>
/// The 规划指标 board in Chromium on the fixture: the seeded indicators and values, the strip on /, and a confirmed report that
/// certifies social workers moving the certified-share indicator on the open page.
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class IndicatorsBrowserTests(PostgisFixture postgis) : DashboardAppTest(postgis)
{
    [Fact]
    public async Task A_confirmed_report_that_certifies_social_workers_moves_the_certified_share_on_an_open_board()
    {
        var page = await App.NewPageAsync(1920, 1080);
        await page.GotoAsync(Url("/indicators"));
        var share = page.Locator("[data-testid=indicator-station-certified-share-value]");
        // Operating in the fixture: stations 1 (6 staff, 3 certified) and 2 (5, 2): 5 of 11 = 45.5 %.
        await Assertions.Expect(share).ToContainTextAsync("45.5%");
        await Assertions.Expect(page.Locator("[data-testid=indicator-minors-team-status]")).ToContainTextAsync("滞后");
        await Assertions.Expect(page.Locator("[data-testid=indicator-minors-team-value]")).ToContainTextAsync("示例数据");
        await page.ScreenshotAsync(new() { Path = Artifacts.PathFor("indicators-1920x1080.png"), FullPage = true });

        // 西昌市 reports station 5 (suspended, 3 staff, 1 certified) operating again with all 3 certified; 凉山 confirms.
        using var county = App.CreateClient(Role.CountyStaff);
        using var prefecture = App.CreateClient(Role.PrefectureStaff);
        var id = (long)(await PostAsync(county, "/api/stations/5/reports",
            """{"status":"operating","effectiveOn":"2024-07-01","socialWorkers":3,"certifiedSocialWorkers":3}"""))["id"]!;
        await PostAsync(prefecture, $"/api/reports/{id}/confirm", null);

        // 8 of 14 = 57.1 %, on the page that was already open.
        await Assertions.Expect(share).ToContainTextAsync("57.1%");
    }

    [Fact]
    public async Task The_overview_carries_the_indicator_strip_linking_to_the_board()
    {
        var page = await App.NewPageAsync(1920, 1080);
        await page.GotoAsync(Url("/"));

        var strip = page.Locator("[data-testid=indicator-summary]");
        await Assertions.Expect(strip).ToContainTextAsync("规划指标：已达标");
        await strip.Locator("a").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(Url("/indicators"));
        await Assertions.Expect(page.Locator("section.indicators-page__field")).ToHaveCountAsync(6);
    }

    private static async Task<JsonNode> PostAsync(HttpClient client, string path, string? json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created, $"{path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }
}
