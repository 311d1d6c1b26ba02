using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Coverage.Dashboard.Tests.EndToEnd.Accessibility;

/// <summary>
/// Issue 16, the rest: colour is never the only carrier of meaning (the map's patterns match its legend; the charts' decals), reduced
/// motion holds playback and the wall's rotation still, and the keyboard-only walks not covered above (open a station from the map,
/// print the brief, switch language, the indicators page).
/// </summary>
public sealed partial class KeyboardAndLowVisionBrowserTests
{
    private const string RunningAnimations = "() => document.getAnimations().filter(a => a.playState === 'running').map(a => (a.animationName || a.transitionProperty || a.constructor.name) + ' on ' + (a.effect?.target?.className?.baseVal ?? a.effect?.target?.className ?? '?'))";

    [Fact]
    public async Task Colour_is_not_the_only_carrier_the_map_cells_wear_their_legends_patterns_and_the_charts_their_decals()
    {
        var page = await fixture.PageAsync(Role.ProvinceAdmin);
        await fixture.GotoLiveAsync(page, "/map?prefecture=5134");

        // The legend: each status (and "no station") a swatch with its own pattern and its name in text.
        var legend = await page.Locator("[data-testid=map-legend] .map-legend__item[data-status]").EvaluateAllAsync<string[][]>(
            "items => items.map(i => [i.dataset.status, i.querySelector('svg[data-pattern]')?.dataset.pattern ?? '', i.querySelector('svg rect.pattern-swatch__fill')?.getAttribute('fill') ?? '', i.textContent.trim()])");
        Assert.Equal(["none", "operating", "planned", "suspended", "underConstruction"], legend.Select(i => i[0]).Order(StringComparer.Ordinal));
        Assert.Equal(legend.Length, legend.Select(i => i[1]).Distinct().Count());
        Assert.All(legend, i => Assert.StartsWith("url(#pattern-", i[2], StringComparison.Ordinal));
        Assert.All(legend, i => Assert.False(string.IsNullOrWhiteSpace(i[3]), $"legend item {i[0]} has no text"));
        var patternOf = legend.ToDictionary(i => i[0], i => i[1]);

        // The cells, drawn on Leaflet's canvas: each is filled with its status's pattern (a CanvasPattern), the same as the legend's.
        var cells = await page.EvaluateAsync<Cell[]>(@"async () => {
            const map = await import(new URL('Components/Shared/Map/CoverageMap.razor.js', document.baseURI).href);
            return map.describeCells(document.querySelector('[data-testid=coverage-map]'));
        }");
        Assert.True(cells.Length >= 3, $"{cells.Length} township cells described");
        foreach (var cell in cells)
        {
            Assert.Equal(patternOf[cell.Status], cell.Pattern);
            Assert.Equal(cell.Pattern != "solid", cell.Patterned);
        }
        Assert.Contains(cells, c => c.Patterned);
        await page.Locator("section.coverage-map").ScreenshotAsync(new() { Path = Artifacts.PathFor("map-patterns.png") });

        // The tables' status chips carry the same pattern as the township's cell, beside their text.
        var row = page.Locator("[data-testid=township-table] tbody tr").Filter(new() { HasText = "安宁镇" });
        await Assertions.Expect(row.Locator("svg.pattern-swatch")).ToHaveAttributeAsync("data-pattern", cells.Single(c => c.Code == "513401100000").Pattern!);
        await page.CloseAsync();

        // The charts: ECharts' aria is on, with decal patterns on the bars, the summary as label and the data table as description.
        var overview = await fixture.PageAsync(Role.ProvinceAdmin);
        await fixture.GotoLiveAsync(overview, "/");
        // The panels below the map are drawn when they come into view (DeferredPanels): scroll to each chart's panel.
        await overview.ShowDeferredAsync("plan-by-mode");
        var bars = overview.Locator("[data-testid=plan-by-mode-chart] [data-echart]");
        await Assertions.Expect(bars.Locator("svg pattern").First).ToBeAttachedAsync(new() { Timeout = 15_000 });
        await overview.GetByTestId("plan-by-mode-chart").ScreenshotAsync(new() { Path = Artifacts.PathFor("chart-decals.png") });
        foreach (var chart in new[] { "plan-by-mode-chart", "trend-chart" })
        {
            await overview.ShowDeferredAsync(chart == "trend-chart" ? "trend" : "plan-by-mode");
            var element = overview.Locator($"[data-testid={chart}] [data-echart]");
            await Assertions.Expect(element.Locator("svg")).ToHaveCountAsync(1);
            await Assertions.Expect(element).ToHaveAttributeAsync("role", "img");
            Assert.False(string.IsNullOrWhiteSpace(await element.GetAttributeAsync("aria-label")), $"{chart} has no label");
            var described = await element.GetAttributeAsync("aria-describedby");
            Assert.False(string.IsNullOrEmpty(described), $"{chart} names no description");
            Assert.False(string.IsNullOrWhiteSpace(await overview.Locator($"#{described}").TextContentAsync()), $"{chart}'s description is empty");
        }
        await overview.CloseAsync();
    }

    private sealed class Cell
    {
        public string Code { get; set; } = "";
        public string Status { get; set; } = "";
        public string? Mode { get; set; }
        public string? Pattern { get; set; }
        public bool Patterned { get; set; }
    }

    [Fact]
    public async Task With_reduced_motion_playback_and_the_walls_rotation_hold_still_and_the_indicators_do_not_move()
    {
        // The system's setting: the wall asked to rotate holds its first scope (no rotation bar); playback offers a step, not play.
        var wall = await fixture.PageAsync(Role.ProvinceAdmin);
        await wall.EmulateMediaAsync(new() { ReducedMotion = ReducedMotion.Reduce });
        await fixture.GotoLiveAsync(wall, "/wall?rotate=10");
        await Assertions.Expect(wall.GetByTestId("wall")).ToHaveAttributeAsync("data-rotation", "paused");
        await Assertions.Expect(wall.GetByTestId("wall-rotation")).ToHaveCountAsync(0);
        await wall.CloseAsync();

        // The wall's own parameter does the same, whatever the system says; without either, it rotates.
        var still = await fixture.PageAsync(Role.ProvinceAdmin);
        await fixture.GotoLiveAsync(still, "/wall?rotate=10&motion=reduced");
        await Assertions.Expect(still.GetByTestId("wall")).ToHaveAttributeAsync("data-rotation", "paused");
        await fixture.GotoLiveAsync(still, "/wall?rotate=10");
        await Assertions.Expect(still.GetByTestId("wall")).ToHaveAttributeAsync("data-rotation", "running");
        await Assertions.Expect(still.GetByTestId("wall-rotation")).ToHaveCountAsync(1);
        await still.CloseAsync();

        var overview = await fixture.PageAsync(Role.ProvinceAdmin);
        await overview.EmulateMediaAsync(new() { ReducedMotion = ReducedMotion.Reduce });
        await fixture.GotoLiveAsync(overview, "/");
        var playback = overview.GetByTestId("playback");
        await Assertions.Expect(playback).ToHaveAttributeAsync("data-autoplay", "off");
        await Assertions.Expect(overview.GetByTestId("playback-toggle")).ToHaveCountAsync(0);
        // The setting removes ripples, not the buttons that have them.
        await Assertions.Expect(overview.GetByTestId("playback-step")).ToBeVisibleAsync();
        // Stepping by hand, by keyboard: one month per press, and nothing moves on by itself (data-playing stays false).
        // From the page's heading (where focus lands after a navigation), down to the control.
        await overview.Locator("h1").FocusAsync();
        await TabToAsync(overview, "[data-testid=playback-step]");
        await overview.Keyboard.PressAsync("Enter");
        await Assertions.Expect(overview).ToHaveURLAsync(new Regex("asOf=\\d{4}-\\d{2}-\\d{2}"));
        await Assertions.Expect(playback).ToHaveAttributeAsync("data-playing", "false");
        await overview.CloseAsync();

        var indicators = await fixture.PageAsync(Role.ProvinceAdmin);
        await indicators.EmulateMediaAsync(new() { ReducedMotion = ReducedMotion.Reduce });
        await fixture.GotoLiveAsync(indicators, "/indicators");
        await Assertions.Expect(indicators.GetByTestId("indicators-summary")).ToBeVisibleAsync();
        var animations = await indicators.EvaluateAsync<string[]>(RunningAnimations);
        Assert.True(animations.Length == 0, $"indicators: running animations with reduced motion: {string.Join(", ", animations)}");
        await indicators.CloseAsync();
    }

    [Fact]
    public async Task Keyboard_only_drill_down_filter_and_open_a_station_from_the_maps_table()
    {
        // Drill down: the overview's league table is the list of the map's areas; its prefecture link drills with Enter.
        var page = await fixture.PageAsync(Role.ProvinceAdmin);
        await fixture.GotoLiveAsync(page, "/");
        await page.Locator("h1").FocusAsync();
        await TabToAsync(page, "a[data-testid=league-link][href*='prefecture=5134']");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("prefecture=5134"));
        await Assertions.Expect(page.GetByTestId("overview-heading")).ToContainTextAsync("凉山");

        // Filter: a build-mode checkbox with Space (安宁镇's mode: its status may change in this class's report walk); the table follows.
        await fixture.GotoLiveAsync(page, "/map?prefecture=5134");
        await page.Locator("h1").FocusAsync();
        await TabToAsync(page, "input[data-mode=civilAffairsInstitution]");
        await page.Keyboard.PressAsync("Space");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("mode=civilAffairsInstitution"));
        await Assertions.Expect(page.Locator("[data-testid=township-row]")).ToHaveCountAsync(1);

        // Open the station: the map's link to its table, then the township's link.
        await TabToAsync(page, "[data-testid=map-table-link]");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#township-table-title")).ToBeFocusedAsync();
        await TabToAsync(page, "a[data-testid=township-row]");
        var name = await page.EvaluateAsync<string>("() => document.activeElement.textContent.trim()");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/stations/{Station}$"));
        await Assertions.Expect(page.GetByTestId("station-where")).ToContainTextAsync(name);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Keyboard_only_the_brief_prints()
    {
        var page = await fixture.PageAsync(Role.ProvinceAdmin);
        // The print dialog is the browser's own: record the call instead of opening it.
        await page.AddInitScriptAsync("window.__printed = 0; window.print = () => { window.__printed++; };");
        await fixture.GotoLiveAsync(page, "/brief");
        await TabToAsync(page, "[data-testid=brief-print]");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForFunctionAsync("() => window.__printed === 1");
        await page.CloseAsync();
    }

    [Fact]
    public async Task Keyboard_only_the_language_switches_and_the_page_stays()
    {
        // A context of its own: the switch sets the culture cookie, which the shared contexts must keep.
        await using var context = await fixture.App.NewContextAsync(1600, 1000, Role.Viewer);
        var page = await context.NewPageAsync();
        await fixture.GotoLiveAsync(page, "/gaps");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", new Regex("^zh"));
        await TabToAsync(page, "[data-testid=culture-switch] button[value=en]");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/gaps$"));
        // The page loaded again: tab once its circuit has taken over (a focus given before would go with the prerendered page).
        await A11yApp.WaitLiveAsync(page);
        await TabToAsync(page, "[data-testid=culture-switch] button[value=zh-CN]");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", new Regex("^zh"));
    }

    [Fact]
    public async Task Keyboard_only_the_indicators_page_opens_from_the_menu_and_its_details_unfold()
    {
        var page = await fixture.PageAsync(Role.ProvinceAdmin);
        await fixture.GotoLiveAsync(page, "/map");
        // From the page's heading back up to the menu.
        await page.Locator("h1").FocusAsync();
        await TabToAsync(page, "a[href='indicators']", backwards: true);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/indicators$"));
        await Assertions.Expect(page.GetByTestId("indicators-summary")).ToBeVisibleAsync();

        // A card's breakdown (by prefecture or by build mode) is a disclosure: Enter opens it, and Tab goes on past it.
        await TabToAsync(page, "details.indicator-card__prefectures > summary");
        var details = page.Locator("details.indicator-card__prefectures:has(> summary:focus)");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(details).ToHaveAttributeAsync("open", "");
        await page.Keyboard.PressAsync("Tab");
        Assert.False(await page.EvaluateAsync<bool>("() => document.activeElement === document.body"), "Tab after the disclosure left the page.");
        await page.CloseAsync();
    }
}
