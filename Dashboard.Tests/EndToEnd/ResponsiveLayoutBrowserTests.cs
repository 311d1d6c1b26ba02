using Microsoft.Playwright;

namespace Coverage.Dashboard.Tests.EndToEnd;

/// <summary>
/// Every leader's page on a phone (390×844): the navigation folds behind a menu button, nothing scrolls the page sideways
/// and no text is squeezed to one character per line — in the header, its menu or the page. On a laptop the header keeps
/// its links in line, each on one line.
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class ResponsiveLayoutBrowserTests(PostgisFixture postgis) : DashboardAppTest(postgis)
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

    /// <summary>The visible links and buttons of the header and its menu whose text takes more than one line (line boxes of each text node).</summary>
    private static Task<string[]> WrappedNavigationAsync(IPage page) => page.EvaluateAsync<string[]>("""
        () => [...document.querySelectorAll('.mud-appbar a, .mud-appbar button, .app-menu a')]
          .filter(el => el.offsetParent !== null && el.innerText.trim().length > 0)
          .map(el => {
            const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
            let lines = 0;
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              if (!node.textContent.trim()) continue;
              const range = document.createRange();
              range.selectNodeContents(node);
              const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
              lines = Math.max(lines, tops.size);
            }
            return { name: el.innerText.trim(), lines };
          })
          .filter(x => x.lines > 1)
          .map(x => `${x.name} (${x.lines} lines)`)
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
        await CheckAsync(page, "/gaps", "[data-testid=gaps-summary], [data-testid=gaps-empty]");
        await CheckAsync(page, "/reports?state=recent", "[data-testid=reports-table], [data-testid=reports-empty]");
        await CheckAsync(page, "/stations/5", "[data-testid=coverage-map][data-painted]");
    }

    [Theory]
    [InlineData(1440)]
    [InlineData(1366)]
    public async Task On_a_laptop_an_admins_header_shows_every_link_in_line_and_on_one_line(int width)
    {
        var page = await App.NewPageAsync(width, 800, Role.ProvinceAdmin);
        await page.GotoAsync(Url("/"));
        await Assertions.Expect(page.Locator("[data-testid=coverage-map][data-painted]")).ToBeVisibleAsync();

        await Assertions.Expect(page.GetByTestId("app-menu-button")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator(".app-menu a[href='admin/audit']")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Artifacts.PathFor($"header-{width}.png") });
        Assert.Equal(string.Empty, string.Join(" | ", await WrappedNavigationAsync(page)));
        // Title, links and language switch side by side: none overflows or overlaps the next.
        var overlaps = await page.EvaluateAsync<string[]>("""
            () => {
              const bar = document.querySelector('.mud-appbar .mud-toolbar');
              const menu = bar.querySelector('.app-menu');
              const items = [bar.querySelector('.app-title'), menu, bar.querySelector('.culture-switch')].map(e => e.getBoundingClientRect());
              const problems = [];
              if (bar.scrollWidth > bar.clientWidth) problems.push('the bar overflows');
              if (menu.scrollWidth > menu.clientWidth + 1) problems.push('the links overflow their row');
              for (let i = 1; i < items.length; i++) if (items[i].left < items[i - 1].right - 1) problems.push(`item ${i} overlaps item ${i - 1}`);
              return problems;
            }
            """);
        Assert.True(overlaps.Length == 0, $"at {width} px: {string.Join(", ", overlaps)}");
        Assert.True(await OverflowAsync(page) <= 0);
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
