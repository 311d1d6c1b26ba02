using System.Net;
using Microsoft.Playwright;

namespace Coverage.Dashboard.Tests.EndToEnd;

[Collection(PostgisCollection.Name)]
public sealed class OverviewPageBrowserTests(PostgisFixture postgis) : DashboardAppTest(postgis)
{
    [Fact]
    public async Task The_overview_shows_the_counters_and_paints_the_province_map_in_Chromium()
    {
        var page = await App.NewPageAsync();
        await page.GotoAsync(Url("/"));

        await Assertions.Expect(page.Locator("[data-testid=kpi-covered] .kpi-total")).ToHaveTextAsync("6");
        await Assertions.Expect(page.Locator("[data-testid=kpi-percent] .kpi__value")).ToHaveTextAsync("33.3%");
        await Assertions.Expect(page.Locator("[data-testid=kpi-status-operating]")).ToContainTextAsync("运营中");
        await Assertions.Expect(page.Locator("[data-testid=ranking-row]")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("[data-testid=coverage-map][data-painted]")).ToHaveCountAsync(1);
        await page.ScreenshotAsync(new() { Path = Artifacts.PathFor("overview.png"), FullPage = true });
    }

    [Fact]
    public async Task Clicking_a_prefecture_on_the_province_map_drills_into_it()
    {
        var page = await App.NewPageAsync();
        await MapProbe.InstallAsync(page);
        await page.GotoAsync(Url("/"));
        var map = page.Locator("[data-testid=coverage-map][data-painted]");
        await Assertions.Expect(map).ToHaveCountAsync(1);

        await MapProbe.ClickFeatureAsync(page, "513401");

        await Assertions.Expect(page.Locator("[data-testid=map-breadcrumb]")).ToContainTextAsync("凉山彝族自治州");
        await Assertions.Expect(map).ToHaveAttributeAsync("data-townships", "3");
    }

    [Fact]
    public async Task Healthz_answers_200_once_the_database_is_ready()
    {
        using var client = App.CreateClient();
        using var response = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"status":"healthy","database":"ready"}""", await response.Content.ReadAsStringAsync());
    }
}
