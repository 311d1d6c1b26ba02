using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MiniExcelLibs;

namespace Coverage.Dashboard.Tests.EndToEnd;

/// <summary>The gap list in Chromium: the fixture's four gaps, and the Excel button downloads the same list; /map's 未运营 quick filter.</summary>
[Collection(PostgisCollection.Name)]
public sealed partial class GapsBrowserTests(PostgisFixture postgis) : DashboardAppTest(postgis)
{
    [Fact]
    public async Task The_gap_list_shows_the_fixtures_gaps_and_the_excel_button_downloads_them()
    {
        var page = await App.NewPageAsync(1920, 1080);
        await page.GotoAsync(Url("/gaps"));

        var rows = page.Locator("[data-testid=gap-row]");
        await Assertions.Expect(rows).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("[data-testid=gap-county]")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("[data-testid=gap-row][data-code='513401200000']")).ToContainTextAsync("大兴乡");
        await page.ScreenshotAsync(new() { Path = Artifacts.PathFor("gaps-1920x1080.png"), FullPage = true });

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=export-xlsx]").ClickAsync());

        Assert.Matches(XlsxName(), download.SuggestedFilename);
        var path = await download.PathAsync();
        using var stream = File.OpenRead(path);
        var codes = stream.Query(useHeaderRow: true, sheetName: "数据").Cast<IDictionary<string, object>>().Select(r => (string)r["乡镇代码"]).Order(StringComparer.Ordinal);
        Assert.Equal(["510105001000", "510105002000", "513401100000", "513401200000"], codes);
    }

    [Fact]
    public async Task One_click_on_not_operating_lists_the_townships_without_a_station_and_keeps_the_real_coverage()
    {
        var page = await App.NewPageAsync(1920, 1080);
        await page.GotoAsync(Url("/map?prefecture=5134"));
        await Assertions.Expect(page.Locator("[data-testid=coverage-map][data-painted]")).ToHaveCountAsync(1);
        var percent = await page.Locator("[data-testid=kpi-percent]").InnerTextAsync();

        await page.Locator("[data-testid=filter-not-operating]").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("prefecture=5134&status=notOperating$"));
        await Assertions.Expect(page.Locator("[data-testid=township-row]")).ToHaveTextAsync(["安宁镇", "大兴乡", "西昌农场"]);
        await Assertions.Expect(page.Locator("[data-testid=kpi-percent]")).ToHaveTextAsync(percent);
        await Assertions.Expect(page.Locator(".map-page__table-header [data-testid=export-xlsx]")).ToHaveAttributeAsync("href", "/api/gaps?prefecture=5134&status=notOperating&format=xlsx");
    }

    [GeneratedRegex(@"^未覆盖清单-四川省-\d{4}-\d\d-\d\d\.xlsx$")]
    private static partial Regex XlsxName();
}
