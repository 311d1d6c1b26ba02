using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Coverage.Dashboard.Tests.EndToEnd;

/// <summary>
/// The map's colouring switch in a browser: two native buttons in a named group (issue 14: no MudBlazor components), worked
/// from the keyboard; the chosen one is pressed, the legend and the cells follow it and the map page keeps it in the URL.
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class MapColouringBrowserTests(PostgisFixture postgis) : DashboardAppTest(postgis)
{
    [Fact]
    public async Task The_colouring_switch_works_from_the_keyboard_and_the_legend_and_the_cells_follow_it()
    {
        var page = await App.NewPageAsync(1920, 1080);
        await MapProbe.InstallAsync(page);
        await page.GotoAsync(Url("/map?prefecture=5134"));
        await Assertions.Expect(page.Locator("[data-testid=coverage-map][data-painted]")).ToHaveAttributeAsync("data-townships", "3");

        var group = page.GetByRole(AriaRole.Group, new() { Name = "乡镇着色方式" });
        var byStatus = group.GetByRole(AriaRole.Button, new() { Name = "按站点状态" });
        var byMode = group.GetByRole(AriaRole.Button, new() { Name = "按建设模式" });
        await Assertions.Expect(byStatus).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(byMode).ToHaveAttributeAsync("aria-pressed", "false");
        var opacities = await MapProbe.FillOpacitiesAsync(page);
        Assert.Equal(3, opacities.Length);
        Assert.All(opacities, o => Assert.Equal(0.85, o));

        await byMode.FocusAsync();
        await page.Keyboard.PressAsync("Space");

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("prefecture=5134&by=mode$"));
        await Assertions.Expect(byMode).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(byStatus).ToHaveAttributeAsync("aria-pressed", "false");
        await Assertions.Expect(page.Locator("[data-testid=map-legend] .map-legend__item[data-mode]")).ToHaveCountAsync(5);
        await page.WaitForFunctionAsync("""
            async () => (await import('/Components/Shared/Map/CoverageMap.razor.js'))
                .probeFillOpacities(document.querySelector('[data-testid=coverage-map]')).every(o => o === 0.9 || o === 0.35)
            """);

        await page.Keyboard.PressAsync("Shift+Tab");
        await Assertions.Expect(byStatus).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("map\\?prefecture=5134$"));
        await Assertions.Expect(byStatus).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(page.Locator("[data-testid=map-legend] .map-legend__item[data-status]")).ToHaveCountAsync(5);
    }

    [Fact]
    public async Task The_prerendered_overview_runs_the_maps_module_preloads_leaflet_and_the_map_paints()
    {
        var page = await App.NewPageAsync(1280, 720);
        var response = await page.GotoAsync(Url("/"));
        var html = await response!.TextAsync();
        Assert.Matches(new Regex("""<script type="module" async src="[^"]*Components/Shared/Map/CoverageMap[^"]*\.razor\.js"""), html);
        Assert.Matches(new Regex("""<link rel="modulepreload" href="[^"]*lib/leaflet/leaflet[^"]*\.js"""), html);
        await Assertions.Expect(page.Locator("[data-testid=coverage-map][data-painted]")).ToHaveCountAsync(1);
    }
}
