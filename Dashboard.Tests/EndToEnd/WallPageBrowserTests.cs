using Microsoft.Playwright;

namespace Coverage.Dashboard.Tests.EndToEnd;

[Collection(PostgisCollection.Name)]
public sealed class WallPageBrowserTests(PostgisFixture postgis) : DashboardAppTest(postgis)
{
    private async Task<IPage> OpenWallAsync(string path = "/wall", int width = 1920, int height = 1080, bool probe = false)
    {
        var page = await App.NewPageAsync(width, height);
        if (probe) await MapProbe.InstallAsync(page);
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

    /// <summary>
    /// A wall has no GPU to spare: every keyframe animation it ships (the counter's roll, the map's pulse, the entrance fades,
    /// the ticker, the rotation bar, the freshness light) may move only opacity and transform, which the compositor runs
    /// without repainting. Read from the wall's own style sheets, so an animation added later is held to it as well.
    /// </summary>
    /// <summary>
    /// A wall whose browser composites without a GPU (the tests' Chromium runs with --disable-gpu) rolls its counters and pulses its
    /// map in steps, about 20 a second: the frames between steps change nothing and are not drawn (bench/README.md).
    /// </summary>
    [Fact]
    public async Task A_wall_without_a_GPU_rolls_and_pulses_in_steps()
    {
        var page = await OpenWallAsync();
        // The wall's script marks the page once its circuit has started it: wait for the mark, not only for the page.
        await page.WaitForFunctionAsync("() => document.documentElement.classList.contains('wall-software')");

        await App.Database.ExecuteAsync("UPDATE stations SET status = 'operating', operating_since = '2024-11-01' WHERE id = 3");

        await Assertions.Expect(page.Locator("[data-testid=wall-operating] .flip-value")).ToHaveAttributeAsync("aria-label", "3");
        await page.WaitForFunctionAsync("""
            () => [...document.querySelectorAll('[data-testid=wall-operating] .flip-roll')]
              .some(e => getComputedStyle(e, '::before').animationTimingFunction.startsWith('steps(14'))
            """);
        await Assertions.Expect(page.Locator("[data-testid=coverage-map] .map-pulse__ring").First)
            .ToHaveCSSAsync("animation-timing-function", new System.Text.RegularExpressions.Regex(@"^steps\(32"));
    }

    /// <summary>
    /// Nothing that clips the map has rounded corners (nor a clip path or mask): with a rounded clip, the compositor draws the whole
    /// clipped map again through a mask at every frame while a go-live pulse runs on it. On this box's three software-composited
    /// walls that was three quarters of a core (bench/README.md); a square clip redraws only what the pulse covers.
    /// </summary>
    [Theory]
    [InlineData("/wall")]
    [InlineData("/")]
    public async Task Nothing_clips_the_map_with_rounded_corners(string path)
    {
        var page = await OpenWallAsync(path);
        var rounded = await page.EvaluateAsync<string[]>("""
            () => {
              const out = [];
              const radii = ['borderTopLeftRadius', 'borderTopRightRadius', 'borderBottomLeftRadius', 'borderBottomRightRadius'];
              for (let e = document.querySelector('[data-testid=coverage-map] .leaflet-marker-pane'); e; e = e.parentElement) {
                const s = getComputedStyle(e);
                const clips = s.overflowX !== 'visible' || s.overflowY !== 'visible';
                if ((clips && radii.some(r => parseFloat(s[r]) > 0)) || s.clipPath !== 'none' || s.maskImage !== 'none')
                  out.push(e.tagName.toLowerCase() + '.' + String(e.className).trim().split(/\s+/).join('.'));
              }
              return out;
            }
            """);
        Assert.True(rounded.Length == 0, "rounded clips around the map: " + string.Join(", ", rounded));
        // The test reads the map's own chain: its marker pane is where a pulse's ring is drawn.
        Assert.Equal(1, await page.Locator("[data-testid=coverage-map] .leaflet-marker-pane").CountAsync());
    }

    [Fact]
    public async Task Every_animation_a_wall_ships_moves_only_opacity_and_transform()
    {
        var page = await OpenWallAsync();
        var found = await page.EvaluateAsync<string[]>("""
            () => {
              const out = [];
              const walk = rules => {
                for (const r of rules) {
                  if (r instanceof CSSKeyframesRule) {
                    for (const k of r.cssRules)
                      for (let i = 0; i < k.style.length; i++) out.push(r.name + ': ' + k.style[i]);
                  } else if (r.cssRules) walk(r.cssRules);
                }
              };
              for (const sheet of document.styleSheets) walk(sheet.cssRules);
              return out.filter(x => /^(flip-|map-pulse|wall-|ticker-|freshness-)/.test(x));
            }
            """);
        foreach (var name in new[] { "flip-roll", "flip-hinge", "map-pulse", "map-pulse-glow", "wall-fade", "ticker-scroll", "wall-rotation" })
            Assert.Contains(found, f => f.StartsWith(name, StringComparison.Ordinal));
        var painted = found.Where(f => !f.EndsWith(": opacity", StringComparison.Ordinal) && !f.EndsWith(": transform", StringComparison.Ordinal)).ToList();
        Assert.True(painted.Count == 0, "keyframes that repaint: " + string.Join(", ", painted));

        // And every transition a change of data starts on the wall (the ranking's bars glide to a new rate); MudBlazor's own
        // transitions run on hover and focus, which a wall does not have.
        var transitions = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('[data-testid=wall] *')]
              .filter(e => !String(e.className).startsWith('mud-'))
              .map(e => ({ e, s: getComputedStyle(e) }))
              .filter(x => x.s.transitionDuration.split(',').some(d => parseFloat(d) > 0))
              .flatMap(x => x.s.transitionProperty.split(',').map(p => String(x.e.className) + ': ' + p.trim()))
            """);
        Assert.Contains(transitions, t => t.StartsWith("ranking__fill", StringComparison.Ordinal));
        var laidOut = transitions.Where(t => !t.EndsWith(": opacity", StringComparison.Ordinal) && !t.EndsWith(": transform", StringComparison.Ordinal)).ToList();
        Assert.True(laidOut.Count == 0, "transitions that repaint: " + string.Join(", ", laidOut));
    }

    [Fact]
    public async Task One_prefecture_can_be_shown_on_its_own()
    {
        var page = await OpenWallAsync("/wall?prefecture=5134");
        await Assertions.Expect(page.Locator("[data-testid=wall]")).ToHaveAttributeAsync("data-scope", "5134");
        await Assertions.Expect(page.Locator(".wall-scope")).ToHaveTextAsync("凉山彝族自治州");
        await Assertions.Expect(page.Locator("[data-testid=wall-ranking] li")).ToHaveCountAsync(1); // its one county
    }

    /// <summary>Records, in the page's own clock, each scope the wall switches to (so intervals need no cross-process timing).</summary>
    private static Task WatchScopesAsync(IPage page) => page.EvaluateAsync("""
        () => {
          const wall = document.querySelector('[data-testid=wall]');
          window.scopeSwitches = [];
          new MutationObserver(() => window.scopeSwitches.push({ scope: wall.dataset.scope, at: performance.now() }))
            .observe(wall, { attributes: true, attributeFilter: ['data-scope'] });
        }
        """);

    private static readonly LocatorAssertionsToHaveAttributeOptions Rotation = new() { Timeout = 45_000 };

    [Fact]
    public async Task Rotation_visits_the_province_then_each_prefecture_in_order_no_faster_than_every_ten_seconds()
    {
        var page = await OpenWallAsync("/wall?rotate=1");
        var wall = page.Locator("[data-testid=wall]");
        await WatchScopesAsync(page);
        // ?rotate=1 is raised to the 10-second minimum, and a progress bar runs for that long.
        await Assertions.Expect(wall).ToHaveAttributeAsync("data-rotate-seconds", "10");
        Assert.Equal("10s", await page.Locator(".wall-rotation__bar").EvaluateAsync<string>("e => getComputedStyle(e).animationDuration"));

        await Assertions.Expect(wall).ToHaveAttributeAsync("data-scope", "5101", Rotation);
        await Assertions.Expect(wall).ToHaveAttributeAsync("data-scope", "5134", Rotation);
        await Assertions.Expect(wall).ToHaveAttributeAsync("data-scope", "province", Rotation);

        var switches = await page.EvaluateAsync<double[]>("() => window.scopeSwitches.map(s => s.at)");
        Assert.True(switches.Length >= 2, "two switches at least");
        // The timer fires every 10 s on the server; the page sees each switch when it is drawn (allow for delivery jitter).
        for (var i = 1; i < switches.Length; i++) Assert.True(switches[i] - switches[i - 1] >= 9_000, $"{switches[i] - switches[i - 1]} ms between scopes");
    }

    [Fact]
    public async Task The_scopes_to_rotate_are_chosen_in_the_link_unknown_ones_ignored_and_the_map_changes_with_the_figures()
    {
        var page = await OpenWallAsync("/wall?rotate=10&scopes=5134,9999,province,5134");
        var wall = page.Locator("[data-testid=wall]");
        var map = page.Locator("[data-testid=coverage-map]");
        await Assertions.Expect(wall).ToHaveAttributeAsync("data-scope", "5134");
        await Assertions.Expect(map).ToHaveAttributeAsync("data-shown-scope", "5134");
        await Assertions.Expect(page.Locator("[data-testid=wall-rotation]")).ToBeVisibleAsync();
        // Blank-map watch: from here on, the map's canvas must always hold its counties (the swap happens at once).
        await page.EvaluateAsync("""
            () => {
              window.blankFrames = 0;
              const check = () => {
                const el = document.querySelector('[data-testid=coverage-map]');
                if (!el.querySelector('canvas')) window.blankFrames++;
                window.blankWatch = requestAnimationFrame(check);
              };
              check();
            }
            """);

        await Assertions.Expect(wall).ToHaveAttributeAsync("data-scope", "province", Rotation);
        await Assertions.Expect(map).ToHaveAttributeAsync("data-shown-scope", "province");
        await Assertions.Expect(page.Locator("[data-testid=wall-ranking] h2")).ToHaveTextAsync("市（州）覆盖率排名");
        // 9999 is not a prefecture and 5134 is listed once: back to 凉山, never to 成都.
        await Assertions.Expect(wall).ToHaveAttributeAsync("data-scope", "5134", Rotation);
        await Assertions.Expect(map).ToHaveAttributeAsync("data-shown-scope", "5134");
        Assert.Equal(0, await page.EvaluateAsync<int>("() => window.blankFrames"));
    }

    [Fact]
    public async Task The_ticker_on_a_rotating_wall_shows_the_current_scopes_go_lives_and_todays_count()
    {
        var today = App.Services.GetRequiredService<CoverageFigures>().Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var page = await OpenWallAsync("/wall?rotate=10&scopes=5101,5134");
        var wall = page.Locator("[data-testid=wall]");
        await Assertions.Expect(wall).ToHaveAttributeAsync("data-scope", "5101");
        await Assertions.Expect(page.Locator("[data-testid=ticker-today]")).ToHaveAttributeAsync("data-count", "0");

        // One go-live in 成都 (少城街道) and one in 凉山 (安宁镇), both today.
        await App.Database.ExecuteAsync($"UPDATE stations SET status = 'operating', operating_since = '{today}' WHERE id = 3");
        await App.Database.ExecuteAsync($"UPDATE stations SET status = 'operating', operating_since = '{today}', suspended_on = NULL WHERE id = 5");

        var items = page.Locator("[data-testid=ticker] .ticker-item[data-event-id]");
        await Assertions.Expect(items.First).ToContainTextAsync("少城街道");
        await Assertions.Expect(page.Locator("[data-testid=ticker-today]")).ToHaveAttributeAsync("data-count", "1");
        await Assertions.Expect(page.Locator("[data-testid=ticker]")).Not.ToContainTextAsync("安宁镇");
        Assert.All(await items.EvaluateAllAsync<string[]>("es => es.map(e => e.dataset.prefecture)"), p => Assert.Equal("5101", p));

        await Assertions.Expect(wall).ToHaveAttributeAsync("data-scope", "5134", Rotation);
        await Assertions.Expect(items.First).ToContainTextAsync("安宁镇");
        await Assertions.Expect(page.Locator("[data-testid=ticker-today]")).ToHaveAttributeAsync("data-count", "1");
        await Assertions.Expect(page.Locator("[data-testid=ticker]")).Not.ToContainTextAsync("少城街道");
        Assert.All(await items.EvaluateAllAsync<string[]>("es => es.map(e => e.dataset.prefecture)"), p => Assert.Equal("5134", p));
    }

    /// <summary>Records, in the page's clock, when the first pulse element of each kind appears on the map.</summary>
    private static Task WatchPulsesAsync(IPage page) => page.EvaluateAsync("""
        () => {
          window.pulses = [];
          const map = document.querySelector('[data-testid=coverage-map]');
          const seen = new Set();
          const scan = () => {
            for (const e of map.querySelectorAll('.map-pulse, .map-pulse-shape')) {
              if (seen.has(e)) continue;
              seen.add(e);
              window.pulses.push({ kind: e.classList.contains('map-pulse') ? 'ring' : e.dataset.kind, township: e.dataset.township,
                                   still: e.classList.contains('map-pulse--still'), at: performance.now(),
                                   // The ring's inner element scales; a glow's SVG layer fades (its path is still).
                                   animation: getComputedStyle(e.classList.contains('map-pulse') ? e.firstElementChild : e.ownerSVGElement).animationName });
            }
          };
          new MutationObserver(scan).observe(map, { childList: true, subtree: true });
        }
        """);

    private sealed class PulseSeen
    {
        public string Kind { get; set; } = "";
        public string Township { get; set; } = "";
        public bool Still { get; set; }
        public double At { get; set; }
        public string Animation { get; set; } = "";
    }

    [Fact]
    public async Task A_go_live_at_province_scope_pulses_its_township_and_county_outline_within_a_second()
    {
        var page = await OpenWallAsync(probe: true);
        // The fixture's few townships fit the screen so closely that the province map draws their cells; zoom out to the
        // county choropleth a real province shows, where the township's cell is not drawn.
        await MapProbe.ShowChoroplethAsync(page);
        await WatchPulsesAsync(page);
        var start = await page.EvaluateAsync<double>("() => performance.now()");

        await App.Database.ExecuteAsync("UPDATE stations SET status = 'operating', operating_since = '2024-11-01' WHERE id = 3");

        await page.WaitForFunctionAsync("() => window.pulses.some(p => p.kind === 'ring') && window.pulses.some(p => p.kind === 'county')",
            null, new() { Timeout = 15_000 });
        var pulses = await page.EvaluateAsync<PulseSeen[]>("() => window.pulses");
        Assert.All(pulses, p => Assert.Equal("510105001000", p.Township));
        Assert.DoesNotContain(pulses, p => p.Kind == "township");
        // The ring scales, the outline's own SVG layer fades.
        Assert.Contains(pulses, p => p.Kind == "ring" && p.Animation == "map-pulse");
        Assert.Contains(pulses, p => p.Kind == "county" && p.Animation == "map-pulse-glow");
        // From before the commit (the page's clock) to the first pulse element: the issue's one second. This includes the SQL
        // round trip, PostgreSQL's notification and the feed's 250 ms coalescing.
        var first = pulses.Min(p => p.At) - start;
        Assert.True(first < 1_000, $"the first pulse came {first:F0} ms after the commit");
    }

    [Fact]
    public async Task A_go_live_at_prefecture_scope_pulses_its_township_cell()
    {
        var page = await OpenWallAsync("/wall?prefecture=5101");
        await WatchPulsesAsync(page);

        await App.Database.ExecuteAsync("UPDATE stations SET status = 'operating', operating_since = '2024-11-01' WHERE id = 3");

        await page.WaitForFunctionAsync("() => window.pulses.some(p => p.kind === 'ring') && window.pulses.some(p => p.kind === 'township')",
            null, new() { Timeout = 15_000 });
        Assert.All(await page.EvaluateAsync<PulseSeen[]>("() => window.pulses"), p => Assert.Equal("510105001000", p.Township));
    }

    [Fact]
    public async Task A_burst_is_paced_a_few_pulses_a_second_and_the_rest_counted_on_the_map_and_reduced_motion_keeps_pulses_still()
    {
        var page = await OpenWallAsync("/wall?motion=reduced");
        await Assertions.Expect(page.Locator("[data-testid=wall]")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("wall--still"));
        await WatchPulsesAsync(page);

        // 30 go-lives at once, straight to the map module (the seed has too few stations for a real burst).
        await page.Locator("[data-testid=coverage-map]").EvaluateAsync("""
            async el => (await import('/Components/Shared/Map/CoverageMap.razor.js'))
              .pulse(el, Array.from({ length: 30 }, (_, i) => ['510104017000', '510105001000', '513401100000'][i % 3]))
            """);

        // 12 wait their turn; the other 18 are counted on the map at once.
        await Assertions.Expect(page.Locator("[data-testid=map-pulse-summary]")).ToHaveAttributeAsync("data-count", "18");
        await Assertions.Expect(page.Locator("[data-testid=map-pulse-summary]")).ToContainTextAsync("18");
        await page.WaitForFunctionAsync("() => window.pulses.filter(p => p.kind === 'county').length >= 12", null, new() { Timeout = 15_000 });
        var outlines = (await page.EvaluateAsync<PulseSeen[]>("() => window.pulses")).Where(p => p.Kind == "county").Select(p => p.At).ToList();
        Assert.Equal(12, outlines.Count);
        // A visible sequence, not one blur: 12 pulses at four a second take close to three seconds.
        Assert.True(outlines[^1] - outlines[0] >= 2_500, $"12 pulses in {outlines[^1] - outlines[0]:F0} ms");
        // Reduced motion: shown still.
        Assert.All(await page.EvaluateAsync<PulseSeen[]>("() => window.pulses"), p => Assert.True(p.Still));
        Assert.All(await page.EvaluateAsync<PulseSeen[]>("() => window.pulses"), p => Assert.Equal("none", p.Animation));
    }

    [Fact]
    public async Task The_systems_reduced_motion_setting_keeps_pulses_still_too()
    {
        var page = await OpenWallAsync();
        await page.EmulateMediaAsync(new() { ReducedMotion = ReducedMotion.Reduce });
        await WatchPulsesAsync(page);

        await App.Database.ExecuteAsync("UPDATE stations SET status = 'operating', operating_since = '2024-11-01' WHERE id = 3");

        await page.WaitForFunctionAsync("() => window.pulses.some(p => p.kind === 'ring')", null, new() { Timeout = 15_000 });
        Assert.All(await page.EvaluateAsync<PulseSeen[]>("() => window.pulses"), p => Assert.True(p.Still));
        Assert.All(await page.EvaluateAsync<PulseSeen[]>("() => window.pulses"), p => Assert.Equal("none", p.Animation));
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
