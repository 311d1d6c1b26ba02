using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Coverage.Dashboard.Tests.Support;

/// <summary>
/// Lets a browser test find where a feature is drawn on the canvas map, without a hook in the shipped code: the
/// test serves the map's own JS module with one extra export appended (the module's state stays private to it),
/// and asks that export through a dynamic import of the same module URL.
/// </summary>
public static class MapProbe
{
    private const string ModulePath = "/Components/Shared/Map/CoverageMap.razor.js";

    private const string Probe = """

        export function probePointOf(el, code) {
          const state = states.get(el);
          const layer = state?.townshipByCode.get(code) ?? state?.countyByCode.get(code);
          if (!layer) return null;
          const p = state.map.latLngToContainerPoint(layer.getBounds().getCenter());
          return [p.x, p.y];
        }

        export function probePulsesOn(el, code) {
          const state = states.get(el);
          const layer = state?.townshipByCode.get(code);
          if (!layer) return 0;
          let pulses = 0;
          state.map.eachLayer(l => {
            if (l instanceof L.Marker && l.getElement()?.classList.contains('map-pulse') && layer.getBounds().contains(l.getLatLng())) pulses++;
          });
          return pulses;
        }

        export function probeFillOpacities(el) {
          const state = states.get(el);
          return state ? [...state.townshipByCode.values()].map(l => l.options.fillOpacity) : [];
        }

        export function probeZoomOut(el) {
          const state = states.get(el);
          state.map.setZoom(TOWNSHIP_ZOOM - 2, { animate: false });
          return state.choropleth === true;
        }
        """;

    /// <summary>Call before the page loads the map.</summary>
    public static Task InstallAsync(IPage page) =>
        // The page's import map may point the module's path at a fingerprinted file name: match both.
        page.RouteAsync(new Regex(@"/Components/Shared/Map/CoverageMap(\.[a-z0-9]+)?\.razor\.js$"), async route =>
        {
            var response = await route.FetchAsync();
            await route.FulfillAsync(new() { Response = response, Body = await response.TextAsync() + Probe });
        });

    /// <summary>Clicks the middle of the township or county with <paramref name="code"/> as drawn now.</summary>
    public static async Task ClickFeatureAsync(IPage page, string code)
    {
        var map = page.Locator("[data-testid=coverage-map]");
        var point = await map.EvaluateAsync<double[]?>(
            $"async el => (await import('{ModulePath}')).probePointOf(el, '{code}')")
            ?? throw new InvalidOperationException($"The map draws no feature {code}.");
        var box = (await map.BoundingBoxAsync())!;
        await page.Mouse.ClickAsync((float)(box.X + point[0]), (float)(box.Y + point[1]));
    }

    /// <summary>
    /// Starts watching for a go-live pulse over the township with <paramref name="code"/> and returns the wait (a pulse lasts
    /// under two seconds: start watching before the change that causes it, await the wait after).
    /// </summary>
    public static async Task<Task> WatchForPulseAsync(IPage page, string code)
    {
        await page.EvaluateAsync($"async () => {{ window.mapProbe = await import('{ModulePath}'); }}");
        return page.WaitForFunctionAsync(
            $"() => window.mapProbe.probePulsesOn(document.querySelector('[data-testid=coverage-map]'), '{code}') > 0",
            null, new() { PollingInterval = 20 });
    }

    /// <summary>Zooms the map out below the township zoom, where the province shows its county choropleth.</summary>
    public static async Task ShowChoroplethAsync(IPage page)
    {
        var map = page.Locator("[data-testid=coverage-map]");
        await map.EvaluateAsync($"async el => (await import('{ModulePath}')).probeZoomOut(el)");
        await map.Page.WaitForFunctionAsync(
            $"async () => (await import('{ModulePath}')).probeZoomOut(document.querySelector('[data-testid=coverage-map]'))",
            null, new() { Timeout = 15_000 });
    }

    /// <summary>The fill opacity of every township cell drawn now: 0.85 each when coloured by status; by build mode 0.9 for an operating station, else 0.35.</summary>
    public static Task<double[]> FillOpacitiesAsync(IPage page) =>
        page.Locator("[data-testid=coverage-map]").EvaluateAsync<double[]>($"async el => (await import('{ModulePath}')).probeFillOpacities(el)");
}
