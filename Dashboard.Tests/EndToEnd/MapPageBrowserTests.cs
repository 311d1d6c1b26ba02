using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Coverage.Dashboard.Tests.EndToEnd;

[Collection(PostgisCollection.Name)]
public sealed partial class MapPageBrowserTests(PostgisFixture postgis) : DashboardAppTest(postgis)
{
    private static ILocator PaintedMap(IPage page) => page.Locator("[data-testid=coverage-map][data-painted]");

    [Fact]
    public async Task The_map_of_a_prefecture_draws_as_many_townships_as_the_API_returns()
    {
        using var client = App.CreateClient();
        var layer = JsonNode.Parse(await client.GetStringAsync("/api/map/townships?prefecture=5101"))!;
        var expected = layer["features"]!.AsArray().Count;

        var page = await App.NewPageAsync(1920, 1080);
        await page.GotoAsync(Url("/map?prefecture=5101"));

        await Assertions.Expect(PaintedMap(page)).ToHaveAttributeAsync("data-townships", expected.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(4, expected);
        await Assertions.Expect(page.Locator("[data-testid=township-row]")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("[data-testid=map-breadcrumb]")).ToContainTextAsync("成都市");
        await page.ScreenshotAsync(new() { Path = Artifacts.PathFor("map-5101-1920x1080.png") });
    }

    [Fact]
    public async Task Clicking_a_county_drills_down_and_puts_it_in_the_URL()
    {
        var page = await App.NewPageAsync(1920, 1080);
        await MapProbe.InstallAsync(page);
        await page.GotoAsync(Url("/map?prefecture=5101"));
        var map = PaintedMap(page);
        await Assertions.Expect(map).ToHaveAttributeAsync("data-townships", "4");

        await MapProbe.ClickFeatureAsync(page, "510104017000");

        await Assertions.Expect(page).ToHaveURLAsync(CountyInUrl());
        await Assertions.Expect(page.Locator("[data-testid=map-breadcrumb]")).ToContainTextAsync("锦江区");
        await Assertions.Expect(map).ToHaveAttributeAsync("data-townships", "2");
        await Assertions.Expect(page.Locator("[data-testid=township-row]")).ToHaveCountAsync(2);

        // At county level a click opens the township's details.
        await MapProbe.ClickFeatureAsync(page, "510104017000");
        await Assertions.Expect(page.Locator(".leaflet-popup-content")).ToContainTextAsync("锦官驿街道社会工作服务站");
        await Assertions.Expect(page.Locator(".leaflet-popup-content")).ToContainTextAsync("城乡社区治理试点形成一批");
    }

    [Fact]
    public async Task Filters_live_in_the_URL_so_reload_restores_them_and_back_undoes_them()
    {
        var page = await App.NewPageAsync(1920, 1080);
        await page.GotoAsync(Url("/map?prefecture=5134"));
        await Assertions.Expect(PaintedMap(page)).ToHaveAttributeAsync("data-townships", "3");
        await Assertions.Expect(page.Locator("[data-testid=township-row]")).ToHaveCountAsync(3);

        await page.Locator("input[data-status=suspended]").CheckAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("prefecture=5134&status=suspended$"));
        await Assertions.Expect(page.Locator("[data-testid=township-row]")).ToHaveCountAsync(1);

        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("input[data-status=suspended]")).ToBeCheckedAsync();
        await Assertions.Expect(page.Locator("[data-testid=township-row]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=township-row]")).ToHaveTextAsync("安宁镇");
        // The rows above are the prerendered page's. Back is taken once the page's circuit runs (its map painted): before that no
        // script listens for the history change, and on the 2-core CI box the URL went back while the rows stayed (2026-11-30).
        await Assertions.Expect(PaintedMap(page)).ToHaveCountAsync(1);

        await page.GoBackAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("map\\?prefecture=5134$"));
        await Assertions.Expect(page.Locator("[data-testid=township-row]")).ToHaveCountAsync(3);
    }

    [Fact]
    public async Task The_filters_are_reachable_from_the_keyboard()
    {
        var page = await App.NewPageAsync(1920, 1080);
        await page.GotoAsync(Url("/map?prefecture=5134"));
        await Assertions.Expect(PaintedMap(page)).ToHaveAttributeAsync("data-townships", "3");

        await page.Locator("input[data-status=planned]").FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Space");

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("status=underConstruction"));
    }

    [GeneratedRegex("map\\?prefecture=5101&county=510104$")]
    private static partial Regex CountyInUrl();
}
