using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Coverage.Dashboard.Tests.EndToEnd;

/// <summary>
/// Drilling on the overview in Chromium: the map's click and the league table's links move the URL, and with it the KPIs,
/// the heading and the map; the browser's back button returns to the province figures. Fixture seed: the province covers
/// 2 of 6 countable townships (33.3 %), 凉山 none of its 2.
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed partial class OverviewDrillDownBrowserTests(PostgisFixture postgis) : DashboardAppTest(postgis)
{
    [GeneratedRegex(@"/\?prefecture=5134$")]
    private static partial Regex LiangshanUrl();

    [GeneratedRegex(@"/$")]
    private static partial Regex ProvinceUrl();

    private static async Task ExpectProvinceAsync(IPage page)
    {
        await Assertions.Expect(page.Locator("[data-testid=kpi-covered] .kpi-total")).ToHaveTextAsync("6");
        await Assertions.Expect(page.Locator("[data-testid=kpi-percent] .kpi__value")).ToHaveTextAsync("33.3%");
        await Assertions.Expect(page.Locator("[data-testid=overview-heading]")).ToHaveTextAsync("四川省乡镇（街道）社工站覆盖监测");
    }

    private static async Task ExpectLiangshanAsync(IPage page)
    {
        await Assertions.Expect(page).ToHaveURLAsync(LiangshanUrl());
        await Assertions.Expect(page.Locator("[data-testid=kpi-covered] .kpi-total")).ToHaveTextAsync("2");
        await Assertions.Expect(page.Locator("[data-testid=kpi-percent] .kpi__value")).ToHaveTextAsync("0.0%");
        await Assertions.Expect(page.Locator("[data-testid=overview-heading]")).ToHaveTextAsync("凉山彝族自治州 · 社工站覆盖");
        await Assertions.Expect(page).ToHaveTitleAsync("凉山彝族自治州 · 社工站覆盖");
        await Assertions.Expect(page.Locator("[data-testid=scope-breadcrumb]")).ToContainTextAsync("全省");
        // The league is drawn once it comes into view (DeferredPanels).
        await page.ShowDeferredAsync("league");
        await Assertions.Expect(page.Locator("[data-testid=league-row]")).ToHaveCountAsync(1); // 西昌市, the one county of the fixture
    }

    [Fact]
    public async Task Clicking_a_prefecture_on_the_map_moves_the_URL_KPIs_and_heading_and_back_returns_to_the_province()
    {
        var page = await App.NewPageAsync();
        await MapProbe.InstallAsync(page);
        await page.GotoAsync(Url("/"));
        var map = page.Locator("[data-testid=coverage-map][data-painted]");
        await Assertions.Expect(map).ToHaveCountAsync(1);
        await ExpectProvinceAsync(page);

        await MapProbe.ClickFeatureAsync(page, "513401");

        await ExpectLiangshanAsync(page);
        await Assertions.Expect(map).ToHaveAttributeAsync("data-townships", "3");

        await page.GoBackAsync();

        await Assertions.Expect(page).ToHaveURLAsync(ProvinceUrl());
        await ExpectProvinceAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=map-breadcrumb] [aria-current]")).ToHaveTextAsync("四川省");
    }

    [Fact]
    public async Task The_league_table_link_drills_down_a_reload_keeps_the_scope_and_the_breadcrumb_leads_back_up()
    {
        var page = await App.NewPageAsync();
        await page.GotoAsync(Url("/"));
        await ExpectProvinceAsync(page);

        await page.ShowDeferredAsync("league");
        await page.Locator("[data-testid=league-row][data-code='5134'] a").ClickAsync();
        await ExpectLiangshanAsync(page);

        await page.ReloadAsync();
        await ExpectLiangshanAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=coverage-map][data-painted]")).ToHaveAttributeAsync("data-townships", "3");
        await page.ScreenshotAsync(new() { Path = Artifacts.PathFor("overview-drill-5134.png"), FullPage = true });

        await page.Locator("[data-testid=scope-breadcrumb] a").ClickAsync();
        await ExpectProvinceAsync(page);
    }

    [Fact]
    public async Task A_prefecture_user_opens_the_overview_at_its_prefecture()
    {
        var page = await App.NewPageAsync(role: Role.PrefectureStaff);
        await page.GotoAsync(Url("/"));

        await ExpectLiangshanAsync(page);
    }

    [Fact]
    public async Task The_map_page_shows_the_league_of_its_filter_s_scope_with_links_that_keep_the_filter()
    {
        var page = await App.NewPageAsync();
        await page.GotoAsync(Url("/map?prefecture=5134&mode=civilAffairsInstitution"));

        var row = page.Locator("[data-testid=league-row][data-code='513401']");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row.Locator("a")).ToHaveAttributeAsync("href", "map?prefecture=5134&county=513401&mode=civilAffairsInstitution");
        await Assertions.Expect(row.Locator("[data-testid=league-percent]")).ToContainTextAsync("0.0%");
    }
}
