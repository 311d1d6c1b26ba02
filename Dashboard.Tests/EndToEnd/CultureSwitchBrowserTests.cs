using System.Text.RegularExpressions;
using Coverage.Dashboard.Tests.Support;
using Microsoft.Playwright;

namespace Coverage.Dashboard.Tests.EndToEnd;

/// <summary>The 中文/EN switch in the layout: it keeps the page and its filters and applies at once.</summary>
[Collection(PostgisCollection.Name)]
public sealed class CultureSwitchBrowserTests(PostgisFixture postgis) : IAsyncLifetime
{
    private DashboardApp _app = null!;

    public async Task InitializeAsync() => _app = await DashboardApp.StartAsync(postgis);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private string Url(string path) => new Uri(_app.BaseAddress, path).ToString();

    private static ILocator Choice(IPage page, string name) =>
        page.GetByTestId("culture-switch").GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    [Fact]
    public async Task Switching_language_keeps_the_page_and_its_filters_and_applies_at_once()
    {
        var page = await _app.NewPageAsync();
        var url = Url("/map?prefecture=5134&status=planned");
        await page.GotoAsync(url);
        await Assertions.Expect(page.Locator("#page-title")).ToHaveTextAsync("覆盖地图");
        await Assertions.Expect(Choice(page, "中文")).ToHaveAttributeAsync("aria-pressed", "true");

        await Choice(page, "EN").ClickAsync();

        await Assertions.Expect(page.Locator("#page-title")).ToHaveTextAsync("Coverage map");
        await Assertions.Expect(page).ToHaveURLAsync(url);
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Assertions.Expect(Choice(page, "EN")).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(Choice(page, "中文")).ToHaveAttributeAsync("aria-pressed", "false");
        await page.ScreenshotAsync(new() { Path = Artifacts.PathFor("culture-switch-en.png"), Clip = new() { X = 0, Y = 0, Width = 1920, Height = 120 } });

        await Choice(page, "中文").ClickAsync();

        await Assertions.Expect(page.Locator("#page-title")).ToHaveTextAsync("覆盖地图");
        await Assertions.Expect(page).ToHaveURLAsync(url);
        await Assertions.Expect(Choice(page, "中文")).ToHaveAttributeAsync("aria-pressed", "true");
    }

    [Fact]
    public async Task The_switch_follows_filters_changed_on_the_page_and_works_from_the_keyboard()
    {
        var page = await _app.NewPageAsync();
        await page.GotoAsync(Url("/map?prefecture=5134"));
        await Assertions.Expect(page.Locator("[data-testid=township-row]")).ToHaveCountAsync(3);
        // The rows above may be the prerendered page: filter once the page is live (its map paints from the circuit).
        await Assertions.Expect(page.Locator("[data-testid=coverage-map][data-painted]")).ToHaveCountAsync(1);

        await page.Locator("input[data-status=suspended]").CheckAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/map\\?prefecture=5134&status=suspended$"));
        // The browser's URL changes first; the form's return address follows in the next render.
        await Assertions.Expect(page.GetByTestId("culture-switch").Locator("input[name=redirectUri]"))
            .ToHaveValueAsync("/map?prefecture=5134&status=suspended");
        await Choice(page, "EN").FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.Locator("#page-title")).ToHaveTextAsync("Coverage map");
        await Assertions.Expect(page).ToHaveURLAsync(Url("/map?prefecture=5134&status=suspended"));
        await Assertions.Expect(page.Locator("input[data-status=suspended]")).ToBeCheckedAsync();
    }
}
