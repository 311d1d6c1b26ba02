using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Coverage.Dashboard.Tests.EndToEnd;

/// <summary>
/// Issue 14, first map paint: the prerendered page draws its map itself while the circuit starts, and the circuit takes that
/// map over (the same Leaflet map, moved into the element it renders) instead of drawing another. The circuit is held back
/// at its negotiation, so what the page does without it is seen on its own.
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class PrerenderedMapBrowserTests(PostgisFixture postgis) : DashboardAppTest(postgis)
{
    /// <summary>
    /// Holds the page's circuit at its negotiation until the returned source is set (the page's own scripts run meanwhile);
    /// the task completes once the page has asked to negotiate.
    /// </summary>
    private static async Task<(Task Negotiating, TaskCompletionSource CircuitMayStart)> HoldCircuitAsync(IPage page)
    {
        var negotiating = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var circuitMayStart = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync("**/_blazor/negotiate**", async route =>
        {
            negotiating.TrySetResult();
            await circuitMayStart.Task;
            await route.ContinueAsync();
        });
        return (negotiating.Task, circuitMayStart);
    }

    [Fact]
    public async Task The_prerendered_page_draws_its_map_before_the_circuit_and_the_circuit_takes_that_map_over()
    {
        var page = await App.NewPageAsync(1920, 1080);
        await MapProbe.InstallAsync(page);
        var (negotiating, circuitMayStart) = await HoldCircuitAsync(page);
        await page.GotoAsync(Url("/"));
        await negotiating.WaitAsync(TimeSpan.FromSeconds(30));

        // Drawn with no circuit: the province's counties on the canvas. data-painted waits for the circuit (it says "live").
        var map = page.Locator("[data-testid=coverage-map]");
        await Assertions.Expect(map).ToHaveAttributeAsync("data-shown-scope", "province");
        await Assertions.Expect(map.Locator(".coverage-map__leaflet .leaflet-overlay-pane canvas")).ToHaveCountAsync(1);
        Assert.Null(await map.GetAttributeAsync("data-painted"));
        await map.EvaluateAsync("el => { el.querySelector('.coverage-map__leaflet').dataset.drawnBy = 'page'; }");

        // A county clicked before the circuit is there is answered once it is.
        await MapProbe.ClickFeatureAsync(page, "513401");
        circuitMayStart.SetResult();

        await Assertions.Expect(map).ToHaveAttributeAsync("data-painted", new Regex(@"^\d+$"));
        // The map the page drew, now in the element the circuit rendered: one map, not another drawn over it.
        Assert.Equal("page", await map.EvaluateAsync<string?>("el => el.querySelector('.coverage-map__leaflet')?.dataset.drawnBy ?? null"));
        await Assertions.Expect(page.Locator(".coverage-map__leaflet")).ToHaveCountAsync(1);
        Assert.Null(await map.GetAttributeAsync("data-map-options"));
        // The click drilled down to the county's prefecture.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/\?prefecture=5134$"));
        await Assertions.Expect(map).ToHaveAttributeAsync("data-shown-scope", "5134");
        await Assertions.Expect(map).ToHaveAttributeAsync("data-townships", "3");
    }

    [Theory]
    [InlineData("/wall")]
    [InlineData("/map?prefecture=5134")]
    public async Task Every_page_with_a_map_hands_its_drawn_map_to_its_circuit_and_draws_no_second_one(string path)
    {
        var page = await App.NewPageAsync(1920, 1080);
        var (_, circuitMayStart) = await HoldCircuitAsync(page);
        await page.GotoAsync(Url(path));
        var map = page.Locator("[data-testid=coverage-map]");
        await Assertions.Expect(map).ToHaveAttributeAsync("data-shown-scope", new Regex("."));
        await map.EvaluateAsync("el => { el.querySelector('.coverage-map__leaflet').dataset.drawnBy = 'page'; }");
        circuitMayStart.SetResult();

        await Assertions.Expect(map).ToHaveAttributeAsync("data-painted", new Regex(@"^\d+$"));
        Assert.Equal("page", await map.EvaluateAsync<string?>("el => el.querySelector('.coverage-map__leaflet')?.dataset.drawnBy ?? null"));
        Assert.Equal(1, await page.Locator(".coverage-map__leaflet").CountAsync());
    }

    [Fact]
    public async Task A_station_that_changes_while_the_circuit_starts_is_drawn_on_the_map_the_circuit_takes_over()
    {
        const string Anning = "513401100000"; // 安宁镇, station 5: not operating in the fixture
        const string CellStatus = $"async () => (await import('/Components/Shared/Map/CoverageMap.razor.js'))" +
            $".describeCells(document.querySelector('[data-testid=coverage-map]')).find(c => c.code === '{Anning}')?.status";
        var page = await App.NewPageAsync(1920, 1080);
        var (_, circuitMayStart) = await HoldCircuitAsync(page);
        await page.GotoAsync(Url("/map?prefecture=5134"));
        var map = page.Locator("[data-testid=coverage-map]");
        await Assertions.Expect(map).ToHaveAttributeAsync("data-townships", "3");
        Assert.NotEqual("operating", await page.EvaluateAsync<string>(CellStatus));

        // The station goes live while the page has no circuit to hear of it.
        await App.Database.ExecuteAsync("UPDATE stations SET status = 'operating', operating_since = '2024-11-01' WHERE id = 5");
        circuitMayStart.SetResult();

        await Assertions.Expect(map).ToHaveAttributeAsync("data-painted", new Regex(@"^\d+$"));
        await page.WaitForFunctionAsync($"async () => (await ({CellStatus})()) === 'operating'");
    }
}
