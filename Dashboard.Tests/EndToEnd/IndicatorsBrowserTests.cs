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

    [Fact]
    public async Task A_prefectures_submitted_value_moves_an_open_board_once_a_province_admin_confirms_it()
    {
        var board = await App.NewPageAsync(1366, 900, Role.Viewer);
        await board.GotoAsync(Url("/indicators"));
        var liangshan = board.Locator("[data-testid=indicator-elderly-institution-posts-prefectures] tr", new() { HasText = "凉山彝族自治州" });
        await Assertions.Expect(liangshan).ToContainTextAsync("78.0%");
        await Assertions.Expect(board.Locator("[data-testid=indicator-entry-panel]")).ToHaveCountAsync(0);

        // 凉山's prefecture staff submit 2025's value on the board, with the keyboard.
        var prefecture = await App.NewPageAsync(1366, 900, Role.PrefectureStaff);
        await prefecture.GotoAsync(Url("/indicators"));
        // The form is disabled until the circuit is live (the prerendered page is replaced then).
        await Assertions.Expect(prefecture.Locator("#indicator-entry-indicator")).ToBeEnabledAsync();
        await prefecture.Locator("[data-testid=indicator-entry-panel] summary").FocusAsync();
        await prefecture.Keyboard.PressAsync("Enter");
        await Assertions.Expect(prefecture.Locator("#indicator-entry-scope")).ToHaveValueAsync("5134");
        await prefecture.Locator("#indicator-entry-indicator").SelectOptionAsync("elderly-institution-posts");
        await prefecture.Locator("#indicator-entry-year").FillAsync("2025");
        await prefecture.Locator("#indicator-entry-value").FillAsync("84.5");
        await prefecture.Locator("#indicator-entry-as-of").FillAsync("2026-06-30");
        await prefecture.Locator("#indicator-entry-source").FillAsync("凉山州民政局年报");
        await prefecture.Locator("[data-testid=indicator-entry-submit]").ClickAsync();
        await Assertions.Expect(prefecture.Locator("[data-testid=indicator-entry-result]")).ToContainTextAsync("省级管理员确认后计入看板");
        var pending = prefecture.Locator("[data-testid=indicator-submission]").First;
        await Assertions.Expect(pending).ToHaveAttributeAsync("data-state", "pending");
        await Assertions.Expect(prefecture.Locator("[data-testid=indicator-elderly-institution-posts-pending]")).ToContainTextAsync("待审核（1）");
        await prefecture.ScreenshotAsync(new() { Path = Artifacts.PathFor("indicators-submitted-1366x900.png"), FullPage = true });
        await Axe.AssertNoViolationsAsync(prefecture, "/indicators as prefecture staff, the entry form open and a pending value");

        // Pending values do not count.
        await Assertions.Expect(liangshan).ToContainTextAsync("78.0%");

        var admin = await App.NewPageAsync(1366, 900, Role.ProvinceAdmin);
        await admin.GotoAsync(Url("/indicators"));
        var row = admin.Locator("[data-testid=indicator-submission][data-state=pending]");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row.Locator("[data-testid=report-confirm]")).ToBeEnabledAsync();
        await admin.Locator("[data-testid=indicator-entry-panel] summary").ClickAsync();
        await Axe.AssertNoViolationsAsync(admin, "/indicators as a province admin, the entry form open and a value to decide");
        await row.Locator("[data-testid=report-confirm]").ClickAsync();
        await Assertions.Expect(admin.Locator("[data-testid=indicator-submission]").First).ToHaveAttributeAsync("data-state", "confirmed");

        // The board that was open all along, and the submitter's, move without a reload.
        await Assertions.Expect(liangshan).ToContainTextAsync("84.5%");
        await Assertions.Expect(pending).ToHaveAttributeAsync("data-state", "confirmed");
        await Assertions.Expect(prefecture.Locator("[data-testid=indicator-elderly-institution-posts-pending]")).ToHaveCountAsync(0);
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
