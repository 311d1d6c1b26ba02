using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Coverage.Dashboard.Tests.EndToEnd;

/// <summary>
/// Time playback and the ECharts trend in Chromium, on the fixture seed (6 countable townships, the first planned
/// 2021-03-01; 33.3 % covered today, none at the end of March 2021, one from November 2021).
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed partial class PlaybackBrowserTests(PostgisFixture postgis) : DashboardAppTest(postgis)
{
    private static readonly LocatorAssertionsToHaveTextOptions Patient = new() { Timeout = 20_000 };

    [Fact]
    public async Task Playing_moves_the_map_and_the_KPIs_together_and_pauses_on_a_shareable_URL()
    {
        var page = await App.NewPageAsync(1920, 1080);
        await page.GotoAsync(Url("/map"));
        var map = page.Locator("[data-testid=coverage-map][data-painted]");
        var kpi = page.Locator("[data-testid=kpi-percent] .kpi__value");
        await Assertions.Expect(map).ToHaveAttributeAsync("data-shown-as-of", "now");
        await Assertions.Expect(kpi).ToHaveTextAsync("33.3%");

        await page.Locator("[data-testid=playback-speed]").SelectOptionAsync("4");
        await page.Locator("[data-testid=playback-toggle]").ClickAsync();

        // From the live view, playing starts at the first plan month: nothing covered yet, on the map too.
        await Assertions.Expect(page).ToHaveURLAsync(AsOfInUrl());
        await Assertions.Expect(kpi).ToHaveTextAsync("0.0%");
        await Assertions.Expect(map).ToHaveAttributeAsync("data-shown-as-of", new Regex(@"^2021-0[3-9]-\d\d$"));
        await Assertions.Expect(kpi).ToHaveTextAsync("16.7%", Patient); // the first go-live, 2021-11-20

        await page.Locator("[data-testid=playback-toggle]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=playback]")).ToHaveAttributeAsync("data-playing", "false");
        // The paused frame: the URL, the control, the map's layers and the KPIs all say the same date.
        var asOf = AsOfInUrl().Match(page.Url).Groups[1].Value;
        await Assertions.Expect(page.Locator("[data-testid=playback-date]")).ToHaveTextAsync(asOf);
        await Assertions.Expect(map).ToHaveAttributeAsync("data-shown-as-of", asOf);
        var shown = await kpi.TextContentAsync();
        Assert.NotEqual("33.3%", shown);

        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("[data-testid=playback-date]")).ToHaveTextAsync(asOf);
        await Assertions.Expect(page.Locator("[data-testid=coverage-map][data-painted]")).ToHaveAttributeAsync("data-shown-as-of", asOf);
        await Assertions.Expect(kpi).ToHaveTextAsync(shown!);
        Assert.Contains($"asOf={asOf}", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_trend_is_an_ECharts_chart_with_values_on_hover_and_a_cursor_that_follows_playback()
    {
        var page = await App.NewPageAsync(1920, 1080);
        await page.GotoAsync(Url("/?asOf=2022-02-28"));
        await page.Locator("[data-deferred=trend]").ScrollIntoViewIfNeededAsync();
        var chart = page.Locator("[data-testid=trend-chart] [data-echart]");
        await Assertions.Expect(chart.Locator("svg")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=kpi-percent] .kpi__value")).ToHaveTextAsync("33.3%");
        // The cursor stands at the as-of date, and the year's target is marked.
        await Assertions.Expect(chart.Locator("svg text", new() { HasText = "2022-02-28" })).ToHaveCountAsync(1);
        await Assertions.Expect(chart.Locator("svg text", new() { HasText = "2022年目标" })).ToHaveCountAsync(1);

        await chart.ScrollIntoViewIfNeededAsync();
        var box = (await chart.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + box.Width * 0.5f, box.Y + box.Height * 0.5f, new() { Steps = 4 });
        await page.Mouse.MoveAsync(box.X + box.Width * 0.6f, box.Y + box.Height * 0.5f, new() { Steps = 4 });
        var tooltip = page.Locator("[data-testid=trend-chart] .echart-tooltip");
        await Assertions.Expect(tooltip).ToBeVisibleAsync();
        await Assertions.Expect(tooltip).ToContainTextAsync("实际覆盖率");
        await Assertions.Expect(tooltip).ToContainTextAsync(new Regex(@"\d+(\.\d)?%"));
        await page.ScreenshotAsync(new() { Path = Artifacts.PathFor("trend-hover.png") });

        // Dragging the handle to the first step moves the cursor and the KPIs with it.
        await page.Locator("[data-testid=playback-range]").FillAsync("0");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"asOf=2021-03-31"));
        await Assertions.Expect(page.Locator("[data-testid=kpi-percent] .kpi__value")).ToHaveTextAsync("0.0%");
        await Assertions.Expect(chart.Locator("svg text", new() { HasText = "2021-03-31" })).ToHaveCountAsync(1);
        await page.ScreenshotAsync(new() { Path = Artifacts.PathFor("overview-playback.png"), FullPage = true });
    }

    [Fact]
    public async Task On_a_phone_the_playback_control_fits_the_screen_and_keeps_its_labels_on_one_line()
    {
        var page = await App.NewPageAsync(390, 844);
        await page.GotoAsync(Url("/map?asOf=2022-02-28"));
        var playback = page.Locator("[data-testid=playback]");
        await Assertions.Expect(page.Locator("[data-testid=playback-date]")).ToHaveTextAsync("2022-02-28");
        // Measure the live page (the map drawn), not the prerendered one while the circuit starts.
        await Assertions.Expect(page.Locator("[data-testid=coverage-map][data-painted]")).ToHaveCountAsync(1);
        await Assertions.Expect(playback).ToBeVisibleAsync();

        var box = (await playback.BoundingBoxAsync())!;
        Assert.True(box.X >= 0 && box.X + box.Width <= 390, $"the control spans {box.X}–{box.X + box.Width} px");
        Assert.True(await playback.EvaluateAsync<bool>("el => el.scrollWidth <= el.clientWidth"), "the control scrolls sideways");
        foreach (var label in await playback.Locator("label, output").AllAsync())
        {
            var height = await label.EvaluateAsync<double>("el => el.getBoundingClientRect().height");
            var line = await label.EvaluateAsync<double>("el => parseFloat(getComputedStyle(el).lineHeight) || 24");
            Assert.True(height <= line * 1.5, $"'{await label.TextContentAsync()}' wraps ({height} px)");
        }
        await playback.ScreenshotAsync(new() { Path = Artifacts.PathFor("playback-390.png") });
    }

    [GeneratedRegex(@"asOf=(\d{4}-\d{2}-\d{2})")]
    private static partial Regex AsOfInUrl();
}
