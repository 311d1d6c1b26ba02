using Microsoft.Playwright;

namespace Coverage.Dashboard.Tests.EndToEnd;

/// <summary>
/// Every leader's page on a phone (390×844): the navigation folds behind a menu button, nothing scrolls the page sideways
/// and no text is squeezed to one character per line — in the header, its menu or the page.
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class PhoneLayoutBrowserTests(PostgisFixture postgis) : DashboardAppTest(postgis)
{
    private const int Width = 390, Height = 844;

    /// <summary>How far the page scrolls sideways (0: not at all).</summary>
    private static Task<int> OverflowAsync(IPage page) =>
        page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");

    /// <summary>
    /// The visible texts (two characters or more, under <paramref name="root"/>) laid out one character per line: each text
    /// node's line boxes counted from its client rects.
    /// </summary>
    private static Task<string[]> OneCharacterLinesAsync(IPage page, string root) => page.EvaluateAsync<string[]>("""
        root => {
          const bad = [];
          for (const scope of document.querySelectorAll(root)) {
            const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              const text = node.textContent.trim();
              if ([...text].length < 2) continue;
              const range = document.createRange();
              range.selectNodeContents(node);
              const rects = [...range.getClientRects()].filter(r => r.width > 0 && r.height > 0);
              if (rects.length === 0) continue;
              const lines = new Set(rects.map(r => Math.round(r.top))).size;
              if (lines > 1 && lines >= [...text].length) bad.push(`${text} (${lines} lines)`);
            }
          }
          return bad;
        }
        """, root);

    /// <summary>Each visible navigation link of the header and its menu, with its text's line count.</summary>
    private static Task<string[]> WrappedNavigationAsync(IPage page) => page.EvaluateAsync<string[]>("""
        () => [...document.querySelectorAll('.mud-appbar a, .mud-appbar button, .app-menu a')]
          .filter(el => el.offsetParent !== null && el.innerText.trim().length > 0)
          .map(el => {
            const style = getComputedStyle(el);
            const lineHeight = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.5;
            const text = [...el.querySelectorAll('*')].concat(el)
              .filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
              .map(e => e.getBoundingClientRect().height / (parseFloat(getComputedStyle(e).lineHeight) || lineHeight));
            return { name: el.innerText.trim(), lines: Math.max(...text) };
          })
          .filter(x => x.lines >= 1.9)
          .map(x => `${x.name} (${x.lines.toFixed(1)} lines)`)
        """);

    private async Task CheckAsync(IPage page, string path, string ready)
    {
        await page.GotoAsync(Url(path));
        await Assertions.Expect(page.Locator(ready).First).ToBeVisibleAsync();

        Assert.True(await OverflowAsync(page) <= 0, $"{path} scrolls sideways by {await OverflowAsync(page)} px at {Width} px");
        // The title stays on one line (an ellipsis when it is too long); the links hide behind the menu button.
        var title = page.Locator(".mud-appbar .app-title");
        await page.ScreenshotAsync(new() { Path = Artifacts.PathFor($"phone{path.Split('?')[0].Replace('/', '-')}.png"), FullPage = true });
        await Assertions.Expect(title).ToBeVisibleAsync();
        var titleBox = (await title.BoundingBoxAsync())!;
        Assert.True(titleBox.Height < 40, $"the title takes {titleBox.Height} px on {path}");
        await Assertions.Expect(page.Locator(".app-menu")).ToBeHiddenAsync();
        Assert.Equal(string.Empty, string.Join(" | ", await OneCharacterLinesAsync(page, "body")));

        await page.GetByTestId("app-menu-button").ClickAsync();
        await Assertions.Expect(page.Locator(".app-menu")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("app-menu-button")).ToHaveAttributeAsync("aria-expanded", "true");
        Assert.Equal(string.Empty, string.Join(" | ", await WrappedNavigationAsync(page)));
        Assert.Equal(string.Empty, string.Join(" | ", await OneCharacterLinesAsync(page, ".mud-appbar")));
        Assert.True(await OverflowAsync(page) <= 0, $"{path} with its menu open scrolls sideways at {Width} px");
        await page.ScreenshotAsync(new() { Path = Artifacts.PathFor($"phone{path.Split('?')[0].Replace('/', '-')}-menu.png") });
        await page.GetByTestId("app-menu-button").ClickAsync();
        await Assertions.Expect(page.Locator(".app-menu")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task Every_leaders_page_fits_a_phone_with_a_folded_menu_and_no_one_character_lines()
    {
        // A province admin has the longest header (the admin links), so the fold is tested at its fullest.
        var page = await App.NewPageAsync(Width, Height, Role.ProvinceAdmin);

        await CheckAsync(page, "/", "[data-testid=coverage-map][data-painted]");
        await CheckAsync(page, "/map?prefecture=5134", "[data-testid=coverage-map][data-painted]");
        await CheckAsync(page, "/brief", "[data-testid=brief][data-ready] [data-testid=coverage-map][data-painted]");
        await CheckAsync(page, "/reports?state=recent", "[data-testid=reports-table], [data-testid=reports-empty]");
        await CheckAsync(page, "/stations/5", "[data-testid=coverage-map][data-painted]");
    }

    [Fact]
    public async Task A_link_chosen_from_the_folded_menu_opens_its_page_and_closes_the_menu()
    {
        var page = await App.NewPageAsync(Width, Height, Role.Viewer);
        await page.GotoAsync(Url("/"));
        await Assertions.Expect(page.Locator("[data-testid=coverage-map][data-painted]")).ToBeVisibleAsync();

        await page.GetByTestId("app-menu-button").ClickAsync();
        await page.Locator(".app-menu a[href='map']").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(Url("/map"));
        await Assertions.Expect(page.Locator(".app-menu")).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByTestId("app-menu-button")).ToHaveAttributeAsync("aria-expanded", "false");
    }
}
