using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Coverage.Dashboard.Tests.EndToEnd.Accessibility;

/// <summary>
/// Issue 16 beyond axe: keyboard-only tasks (no mouse, no direct clicks — Tab, Enter, Space and arrow keys), 200 % zoom,
/// the large-text option, reduced motion and the go-live announcement. One app for the class; pages reuse signed-in contexts.
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed partial class KeyboardAndLowVisionBrowserTests(A11yApp fixture) : IClassFixture<A11yApp>
{
    /// <summary>安宁镇 (西昌市, 凉山州): station 5, suspended in the fixture seed.</summary>
    private const int Station = 5;

    /// <summary>Presses Tab until the focused element matches <paramref name="selector"/> (fails after <paramref name="most"/> presses).</summary>
    private static async Task TabToAsync(IPage page, string selector, int most = 150, bool backwards = false)
    {
        for (var i = 0; i < most; i++)
        {
            await page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
            if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) === true", selector)) return;
        }
        var at = await page.EvaluateAsync<string>("() => document.activeElement?.outerHTML.slice(0, 200) ?? 'nothing'");
        Assert.Fail($"{most} presses of Tab never reached {selector}; focus is on {at}");
    }

    [Fact]
    public async Task Keyboard_only_a_county_reports_and_its_prefecture_confirms()
    {
        var county = await fixture.PageAsync(Role.CountyStaff);
        await fixture.GotoLiveAsync(county, $"/stations/{Station}");
        await Assertions.Expect(county.Locator("[data-testid=report-form] fieldset[disabled]")).ToHaveCountAsync(0);

        // "Skip to content" is the first stop on the page (focus starts on the page's heading, so go back up to it); Enter moves
        // focus past the header to the page.
        await TabToAsync(county, "[data-testid=skip-link]", backwards: true);
        await Assertions.Expect(county.GetByTestId("skip-link")).ToBeInViewportAsync();
        await county.Keyboard.PressAsync("Enter");
        await Assertions.Expect(county.Locator("#main-content")).ToBeFocusedAsync();

        // The radio group: Tab into it, arrow keys choose 恢复运营 (Resume).
        await TabToAsync(county, "[data-testid=report-action]");
        for (var i = 0; i < 4 && !await county.Locator("#report-action-Resume").IsCheckedAsync(); i++)
            await county.Keyboard.PressAsync("ArrowDown");
        await Assertions.Expect(county.Locator("#report-action-Resume")).ToBeCheckedAsync();

        // A broken rule is tied to its field: aria-invalid and the message as its description.
        await TabToAsync(county, "#report-social-workers");
        await county.Keyboard.PressAsync("Control+A");
        await county.Keyboard.TypeAsync("4");
        await TabToAsync(county, "#report-certified");
        await county.Keyboard.PressAsync("Control+A");
        await county.Keyboard.TypeAsync("6");
        var certified = county.Locator("#report-certified");
        await Assertions.Expect(certified).ToHaveAttributeAsync("aria-invalid", "true");
        var describedBy = await certified.GetAttributeAsync("aria-describedby");
        Assert.False(string.IsNullOrEmpty(describedBy), "The certified field names no description for its error.");
        var description = await county.EvaluateAsync<string>("ids => ids.split(' ').map(id => document.getElementById(id)?.textContent ?? '').join(' ')", describedBy);
        Assert.Contains("持证社工人数不能超过社工总数", description);
        await county.Keyboard.PressAsync("Control+A");
        await county.Keyboard.TypeAsync("2");
        await Assertions.Expect(certified).Not.ToHaveAttributeAsync("aria-invalid", "true");

        // A service checkbox with Space, the note, then submit with Enter.
        await TabToAsync(county, "#report-service-care");
        if (!await county.Locator("#report-service-care").IsCheckedAsync()) await county.Keyboard.PressAsync("Space");
        await Assertions.Expect(county.Locator("#report-service-care")).ToBeCheckedAsync();
        await TabToAsync(county, "#report-note");
        await county.Keyboard.TypeAsync("键盘报送");
        await TabToAsync(county, "[data-testid=report-submit]");
        await county.Keyboard.PressAsync("Enter");
        await Assertions.Expect(county.GetByTestId("report-result")).ToContainTextAsync("待审核");
        var reportId = await county.Locator("[data-testid=station-report]").First.GetAttributeAsync("data-report-id");
        await county.CloseAsync();

        // The prefecture: from the header's 报送 link to the report's 确认, keys only.
        var prefecture = await fixture.PageAsync(Role.PrefectureStaff);
        await fixture.GotoLiveAsync(prefecture, "/map");
        await TabToAsync(prefecture, "[data-testid=reports-badge] a");
        await prefecture.Keyboard.PressAsync("Enter");
        await Assertions.Expect(prefecture).ToHaveURLAsync(new Regex("/reports"));
        var row = prefecture.Locator($"[data-testid=report-row][data-report-id='{reportId}']");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-state", "pending");
        await TabToAsync(prefecture, $"[data-testid=report-row][data-report-id='{reportId}'] [data-testid=report-confirm]");
        await prefecture.Keyboard.PressAsync("Enter");
        await Assertions.Expect(row.Locator("[data-testid=report-outcome]")).ToHaveAttributeAsync("data-outcome", "confirmed");
        await prefecture.CloseAsync();
    }

    [Fact]
    public async Task Keyboard_only_the_map_links_its_table_the_table_sorts_and_the_export_downloads()
    {
        var page = await fixture.PageAsync(Role.ProvinceAdmin);
        await fixture.GotoLiveAsync(page, "/map?prefecture=5134");
        var rows = page.Locator("[data-testid=township-row]");
        await Assertions.Expect(rows).ToHaveCountAsync(3);

        // The map's text alternative: its link takes the keyboard to the township table.
        await TabToAsync(page, "[data-testid=map-table-link]");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#township-table-title")).ToBeFocusedAsync();

        // The sort headers are in the tab order and sort with Enter (and again, the other way).
        await TabToAsync(page, "[data-testid=township-table] th .mud-table-sort-label");
        var first = await rows.First.TextContentAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(rows.First).Not.ToHaveTextAsync(first!);

        // The export: Tab to 下载 Excel and Enter downloads exactly this view.
        await TabToAsync(page, "[data-testid=export-xlsx]");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Keyboard.PressAsync("Enter"));
        Assert.EndsWith(".xlsx", download.SuggestedFilename);
        await TabToAsync(page, "[data-testid=export-csv]");
        download = await page.RunAndWaitForDownloadAsync(() => page.Keyboard.PressAsync("Enter"));
        Assert.EndsWith(".csv", download.SuggestedFilename);

        // No trap in the map: Tab goes in and on out, Shift+Tab back.
        await TabToAsync(page, "[data-testid=coverage-map]", backwards: true);
        const string inMap = "() => document.querySelector('[data-testid=coverage-map]').contains(document.activeElement)";
        for (var i = 0; i < 6 && await page.EvaluateAsync<bool>(inMap); i++) await page.Keyboard.PressAsync("Tab");
        Assert.False(await page.EvaluateAsync<bool>(inMap), "Tab did not leave the map (its zoom buttons are the only stops inside).");
        await page.CloseAsync();
    }

    [Fact]
    public async Task Focus_is_visible_with_at_least_3_to_1_contrast_on_checkboxes_buttons_and_links()
    {
        var page = await fixture.PageAsync(Role.ProvinceAdmin);
        await fixture.GotoLiveAsync(page, "/map");
        foreach (var selector in new[] { "input[data-status=suspended]", "[data-testid=filter-clear]", "[data-testid=map-table-link]" })
        {
            await TabToAsync(page, selector);
            // The ring is drawn on the element or (checkboxes) on the icon button around it: 3 px, dark blue on white.
            var ring = await page.EvaluateAsync<string>(@"() => {
                const el = document.activeElement;
                for (const e of [el, el.closest('.mud-icon-button'), el.parentElement]) {
                    if (!e) continue;
                    const s = getComputedStyle(e);
                    if (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) return s.outlineColor + ' ' + s.outlineWidth;
                }
                return 'none';
            }");
            Assert.True(ring.StartsWith("rgb(27, 79, 138)", StringComparison.Ordinal) || ring.StartsWith("rgb(255, 255, 255)", StringComparison.Ordinal),
                $"{selector}: focus ring {ring}");
        }
        await page.CloseAsync();
    }

    public static TheoryData<string> ZoomRoutes() => new() { "/", "/map?prefecture=5134", "/gaps", $"/stations/{Station}", "/reports", "/brief", "/admin/users", "/admin/audit", "/indicators" };

    /// <summary>200 % zoom on a 1280 px screen is a 640 CSS px wide viewport: nothing may need horizontal scrolling.</summary>
    [Theory]
    [MemberData(nameof(ZoomRoutes))]
    public async Task At_200_percent_zoom_the_page_needs_no_horizontal_scrolling(string path)
    {
        var page = await fixture.PageAsync(Role.ProvinceAdmin, width: 640, height: 720);
        await fixture.GotoLiveAsync(page, path);
        var overflow = await page.EvaluateAsync<string>(@"() => {
            const root = document.documentElement;
            if (root.scrollWidth <= root.clientWidth + 1) return '';
            const beyond = (r) => r.right > root.clientWidth + 1;
            const wide = [...document.querySelectorAll('body *')].filter(e => beyond(e.getBoundingClientRect()))
                .filter(e => !e.parentElement?.closest('.table-scroll, .mud-table-container, .leaflet-container'))
                .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right));
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            for (let n; (n = walker.nextNode()) && wide.length < 8;) {
                const range = document.createRange(); range.selectNodeContents(n);
                if (beyond(range.getBoundingClientRect())) wide.push('text ""' + n.textContent.trim().slice(0, 40) + '"" in ' + n.parentElement.tagName + '.' + n.parentElement.className);
            }
            return root.scrollWidth + ' > ' + root.clientWidth + ': ' + wide.join(' | ');
        }");
        Assert.True(overflow.Length == 0, $"{path} scrolls sideways at 200 %: {overflow}");
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_large_text_option_in_the_user_menu_is_remembered_and_can_be_turned_off()
    {
        var page = await fixture.PageAsync(Role.Viewer, "en");
        await fixture.GotoLiveAsync(page, "/gaps");
        var before = await page.EvaluateAsync<double>("() => parseFloat(getComputedStyle(document.documentElement).fontSize)");
        await TabToAsync(page, "[data-testid=text-size-large]");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("html")).ToHaveClassAsync(new Regex("text-large"));
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/gaps$"));
        var after = await page.EvaluateAsync<double>("() => parseFloat(getComputedStyle(document.documentElement).fontSize)");
        Assert.True(after >= before * 1.2, $"Large text: {before}px → {after}px");
        await Assertions.Expect(page.GetByTestId("text-size-large")).ToHaveAttributeAsync("aria-pressed", "true");

        await fixture.GotoLiveAsync(page, "/map");
        await Assertions.Expect(page.Locator("html")).ToHaveClassAsync(new Regex("text-large"));
        await TabToAsync(page, "[data-testid=text-size-large]");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("html")).Not.ToHaveClassAsync(new Regex("text-large"));
        await Assertions.Expect(page.GetByTestId("text-size-large")).ToHaveAttributeAsync("aria-pressed", "false");
        await page.CloseAsync();
    }

    [Fact]
    public async Task With_reduced_motion_nothing_animates_on_the_wall_or_the_overview_even_at_a_go_live()
    {
        var wall = await fixture.PageAsync(Role.ProvinceAdmin);
        await wall.EmulateMediaAsync(new() { ReducedMotion = ReducedMotion.Reduce });
        await fixture.GotoLiveAsync(wall, "/wall?rotate=10");
        var overview = await fixture.PageAsync(Role.ProvinceAdmin);
        await overview.EmulateMediaAsync(new() { ReducedMotion = ReducedMotion.Reduce });
        await fixture.GotoLiveAsync(overview, "/");
        await Assertions.Expect(wall.Locator("[data-testid=wall-operating] .flip-value")).ToHaveAttributeAsync("aria-label", new Regex("\\d"));
        var operating = await wall.Locator("[data-testid=wall-operating] .flip-value").GetAttributeAsync("aria-label");

        // A go-live: flip counters roll, the map pulses, the ticker moves, the rotation bar fills — unless motion is reduced.
        await fixture.App.Database.ExecuteAsync("UPDATE stations SET status = 'operating', operating_since = CURRENT_DATE WHERE id = 3");
        await Assertions.Expect(wall.Locator("[data-testid=wall-operating] .flip-value")).Not.ToHaveAttributeAsync("aria-label", operating!);

        const string running = "() => document.getAnimations().filter(a => a.playState === 'running').map(a => (a.animationName || a.transitionProperty || a.constructor.name) + ' on ' + (a.effect?.target?.className?.baseVal ?? a.effect?.target?.className ?? '?'))";
        foreach (var (page, name) in new[] { (wall, "wall"), (overview, "overview") })
        {
            var animations = await page.EvaluateAsync<string[]>(running);
            Assert.True(animations.Length == 0, $"{name}: running animations with reduced motion: {string.Join(", ", animations)}");
        }

        // The go-live is said once, politely, naming the township (the announcer speaks at most every 15 s).
        await Assertions.Expect(overview.GetByTestId("go-live-announcer")).ToContainTextAsync("个站点投运");
        await Assertions.Expect(overview.GetByTestId("go-live-announcer")).ToHaveAttributeAsync("aria-live", "polite");
        await wall.CloseAsync();
        await overview.CloseAsync();
    }
}
