using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Coverage.Dashboard.Tests.EndToEnd;

/// <summary>
/// Issue 14, idle circuits and first render: the overview's panels below the map are drawn when they come into view
/// (DeferredPanels), ECharts is fetched only with a chart in view, and MudBlazor's theme is one cached style sheet rather than
/// a style element in every circuit. Fixture seed: 5101 covers 2 of its 4 countable townships; station 3 (510105) is not operating.
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed partial class OverviewDeferredBrowserTests(PostgisFixture postgis) : DashboardAppTest(postgis)
{
    [GeneratedRegex(@"^/theme/light\.[0-9a-f]{16}\.css$")]
    private static partial Regex LightSheet();

    [GeneratedRegex(@"^/theme/dark\.[0-9a-f]{16}\.css$")]
    private static partial Regex DarkSheet();

    [Fact]
    public async Task The_panels_below_the_map_are_drawn_when_scrolled_to_and_then_update_live()
    {
        var page = await App.NewPageAsync(1280, 720);
        var bytes = await NetworkBytes.AttachAsync(page);
        await page.GotoAsync(Url("/"));
        await Assertions.Expect(page.Locator("[data-testid=coverage-map][data-painted]")).ToHaveCountAsync(1);
        await Eventually.UntilAsync(() => Task.FromResult(bytes.Pending == 0), TimeSpan.FromSeconds(15), () => $"{bytes.Pending} requests still in flight");

        // Out of view: placeholders, and no chart library fetched.
        var league = page.Locator("[data-deferred=league]");
        await Assertions.Expect(league).Not.ToHaveAttributeAsync("data-shown", "true");
        await Assertions.Expect(page.Locator("[data-testid=league-row]")).ToHaveCountAsync(0);
        Assert.DoesNotContain(bytes.Finished, r => r.Url.Contains("/lib/echarts/", StringComparison.Ordinal));

        await page.ShowDeferredAsync("league");
        var row = page.Locator("[data-testid=league-row][data-code='5101'] [data-testid=league-percent]");
        await Assertions.Expect(row).ToContainTextAsync("2/4");
        await Assertions.Expect(league).ToHaveAttributeAsync("data-shown", "true");

        // A station going live reaches the panel drawn late like the rest of the page.
        await App.Database.ExecuteAsync("UPDATE stations SET status = 'operating', operating_since = '2024-11-01' WHERE id = 3");
        await Assertions.Expect(row).ToContainTextAsync("3/4");
        await Assertions.Expect(page.Locator("[data-testid=kpi-covered] .kpi-covered")).ToHaveTextAsync("3");

        // The chart, scrolled to, brings ECharts.
        await page.ShowDeferredAsync("trend");
        await Assertions.Expect(page.Locator("[data-testid=trend-chart] [data-echart] svg")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Every_panel_once_drawn_has_no_WCAG_21_AA_violation()
    {
        var page = await App.NewPageAsync(1280, 720, Role.ProvinceAdmin);
        await page.GotoAsync(Url("/"));
        await Assertions.Expect(page.Locator("[data-testid=coverage-map][data-painted]")).ToHaveCountAsync(1);
        foreach (var name in new[] { "trend", "mode-mix", "league", "plan-by-mode", "go-lives" }) await page.ShowDeferredAsync(name);
        await Assertions.Expect(page.Locator("[data-testid=trend-chart] [data-echart] svg")).ToHaveCountAsync(1);
        await Axe.AssertNoViolationsAsync(page, "/ with every deferred panel drawn");
    }

    [Fact]
    public async Task The_theme_is_one_cached_style_sheet_per_variant_not_a_style_element_in_the_circuit()
    {
        var page = await App.NewPageAsync(1280, 720);
        await page.GotoAsync(Url("/"));
        await Assertions.Expect(page.Locator("[data-testid=coverage-map][data-painted]")).ToHaveCountAsync(1);
        var href = await page.Locator("link[data-testid=theme-style-sheet]").GetAttributeAsync("href");
        Assert.Matches(LightSheet(), href);
        // The theme applies (the app's primary colour) and no style element of the page carries it.
        Assert.Equal("rgba(31,95,168,1)", (await page.EvaluateAsync<string>("() => getComputedStyle(document.documentElement).getPropertyValue('--mud-palette-primary')")).Trim().Replace(" ", "", StringComparison.Ordinal)); // #1f5fa8
        Assert.False(await page.EvaluateAsync<bool>("() => [...document.querySelectorAll('style')].some(s => s.textContent.includes('--mud-palette-primary'))"));

        using var client = App.CreateAnonymousClient();
        foreach (var encoding in new[] { "br", "gzip", "identity" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, href);
            request.Headers.AcceptEncoding.ParseAdd(encoding);
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
            Assert.True(response.Headers.CacheControl is { Public: true, MaxAge.TotalDays: >= 365 } cache && cache.Extensions.Any(e => e.Name == "immutable"), $"Cache-Control {response.Headers.CacheControl}");
            Assert.Equal(encoding == "identity" ? null : encoding, response.Content.Headers.ContentEncoding.SingleOrDefault());
            using var again = new HttpRequestMessage(HttpMethod.Get, href);
            again.Headers.AcceptEncoding.ParseAdd(encoding);
            again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
            using var revalidated = await client.SendAsync(again);
            Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        }
        using (var unknown = await client.GetAsync("/theme/light.0000000000000000.css")) Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        // The wall links the dark variant.
        var wall = await App.NewPageAsync(1920, 1080, Role.ProvinceAdmin);
        await wall.GotoAsync(Url("/wall"));
        Assert.Matches(DarkSheet(), await wall.Locator("link[data-testid=theme-style-sheet]").GetAttributeAsync("href"));
    }
}
