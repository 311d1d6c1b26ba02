using Microsoft.Playwright;

namespace Coverage.Dashboard.Tests.EndToEnd;

[Collection(PostgisCollection.Name)]
public sealed class WallPageBrowserTests(PostgisFixture postgis) : DashboardAppTest(postgis)
{
    private async Task<IPage> OpenWallAsync(string path = "/wall", int width = 1920, int height = 1080)
    {
        var page = await App.NewPageAsync(width, height);
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        page.PageError += (_, e) => errors.Add(e);
        page.Response += (_, r) => { if (r.Status >= 400) errors.Add($"{r.Status} {r.Url}"); };
        await page.GotoAsync(Url(path));
        await Assertions.Expect(page.Locator("[data-testid=coverage-map][data-painted]")).ToHaveCountAsync(1);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        return page;
    }

    private static Task<bool> HasScrollbarsAsync(IPage page) => page.EvaluateAsync<bool>(
        "() => document.documentElement.scrollWidth > document.documentElement.clientWidth || document.documentElement.scrollHeight > document.documentElement.clientHeight");

    [Theory]
    [InlineData(1920, 1080)]
    [InlineData(3840, 2160)]
    public async Task The_wall_fills_the_screen_dark_with_map_counters_and_ticker_and_no_scrollbars(int width, int height)
    {
        var page = await OpenWallAsync(width: width, height: height);

        await Assertions.Expect(page.Locator("[data-testid=wall-coverage] .flip-value")).ToHaveAttributeAsync("aria-label", "33.3");
        await Assertions.Expect(page.Locator("[data-testid=ticker]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=freshness]")).ToHaveAttributeAsync("data-level", "live");
        Assert.False(await HasScrollbarsAsync(page));
        Assert.Equal("rgb(7, 15, 26)", await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor"));
        // Nothing is cut off: every panel lies within the viewport.
        var outside = await page.EvaluateAsync<int>("""
            () => [...document.querySelectorAll('.wall > header, .wall > section, .wall > footer')]
                .filter(e => { const r = e.getBoundingClientRect(); return r.right > innerWidth + 1 || r.bottom > innerHeight + 1 || r.left < -1 || r.top < -1; }).length
            """);
        Assert.Equal(0, outside);
        await page.ScreenshotAsync(new() { Path = Artifacts.PathFor($"wall-{width}x{height}.png") });
    }

    [Fact]
    public async Task A_station_going_live_rolls_the_counter_and_enters_the_ticker()
    {
        var page = await OpenWallAsync();
        await Assertions.Expect(page.Locator("[data-testid=wall-operating] .flip-value")).ToHaveAttributeAsync("aria-label", "2");

        await App.Database.ExecuteAsync("UPDATE stations SET status = 'operating', operating_since = '2024-11-01' WHERE id = 3");

        await Assertions.Expect(page.Locator("[data-testid=wall-operating] .flip-value")).ToHaveAttributeAsync("aria-label", "3");
        await Assertions.Expect(page.Locator("[data-testid=ticker] .ticker-item[data-event-id]").First).ToContainTextAsync("少城街道");
        await Assertions.Expect(page.Locator("[data-testid=wall-operating] .flip-roll")).Not.ToHaveCountAsync(0);
    }

    [Fact]
    public async Task One_prefecture_can_be_shown_on_its_own()
    {
        var page = await OpenWallAsync("/wall?prefecture=5134");
        await Assertions.Expect(page.Locator("[data-testid=wall]")).ToHaveAttributeAsync("data-scope", "5134");
        await Assertions.Expect(page.Locator(".wall-scope")).ToHaveTextAsync("凉山彝族自治州");
        await Assertions.Expect(page.Locator("[data-testid=wall-ranking] li")).ToHaveCountAsync(1); // its one county
    }

    [Fact]
    public async Task Rotation_visits_the_province_then_each_prefecture_in_order()
    {
        var page = await OpenWallAsync("/wall?rotate=1");
        var wall = page.Locator("[data-testid=wall]");
        await Assertions.Expect(wall).ToHaveAttributeAsync("data-scope", "5101");
        await Assertions.Expect(wall).ToHaveAttributeAsync("data-scope", "5134");
        await Assertions.Expect(wall).ToHaveAttributeAsync("data-scope", "province");
    }

    [Fact]
    public async Task After_a_server_restart_the_wall_is_live_again_by_itself()
    {
        var page = await OpenWallAsync();

        await App.RestartServerAsync();
        await App.Database.ExecuteAsync("UPDATE stations SET status = 'operating', operating_since = '2024-11-01' WHERE id = 3");

        // No click, no reload by the test: the page reconnects or reloads itself and shows the change.
        await Assertions.Expect(page.Locator("[data-testid=wall-operating] .flip-value"))
            .ToHaveAttributeAsync("aria-label", "3", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("[data-testid=freshness]")).ToHaveAttributeAsync("data-level", "live");
    }
}
