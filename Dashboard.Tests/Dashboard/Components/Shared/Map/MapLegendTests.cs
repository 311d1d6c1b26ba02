using Bunit;
using Coverage.Dashboard.Components.Shared.Map;
using Coverage.Dashboard.Resources;
using Coverage.Dashboard.Services;
using Microsoft.Extensions.Localization;

namespace Coverage.Dashboard.Tests.Dashboard.Components.Shared.Map;

/// <summary>Issue 16: colour is never the only carrier of meaning — each legend entry has its own pattern and its name in text.</summary>
public sealed class MapLegendTests : DashboardBunitContext, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public new async Task DisposeAsync() => await base.DisposeAsync();

    [Theory]
    [InlineData(MapColouring.Status, "[data-status]")]
    [InlineData(MapColouring.Mode, "[data-mode], [data-status=none]")]
    public void Every_entry_has_a_pattern_of_its_own_drawn_from_the_maps_paths_and_a_name(MapColouring colouring, string entries)
    {
        var cut = Render(b => b.AddContent(0, MapLegend.Markup(colouring, showCoverage: false, dark: false, Services.GetRequiredService<DomainText>(), Services.GetRequiredService<IStringLocalizer<Strings>>())));

        var items = cut.FindAll($".map-legend__item:is({entries})");
        Assert.Equal(colouring == MapColouring.Status ? 5 : 6, items.Count);
        var patterns = items.Select(i => i.QuerySelector("svg.pattern-swatch")!.GetAttribute("data-pattern")!).ToList();
        Assert.Equal(patterns.Count, patterns.Distinct().Count());
        Assert.All(patterns, p => Assert.True(MapPalette.PatternPaths.ContainsKey(p), p));
        Assert.All(items, i => Assert.False(string.IsNullOrWhiteSpace(i.TextContent)));

        // Each swatch fills with its own SVG pattern: the colour, then the pattern's path (none for "solid").
        foreach (var swatch in cut.FindAll("svg.pattern-swatch"))
        {
            var id = swatch.QuerySelector("pattern")!.Id;
            Assert.Equal($"url(#{id})", swatch.QuerySelector("rect.pattern-swatch__fill")!.GetAttribute("fill"));
            var path = swatch.QuerySelector("pattern path")?.GetAttribute("d") ?? "";
            Assert.Equal(MapPalette.PatternPaths[swatch.GetAttribute("data-pattern")!], path);
        }
        Assert.Equal(cut.FindAll("svg.pattern-swatch pattern").Count, cut.FindAll("svg.pattern-swatch pattern").Select(p => p.Id).Distinct().Count());
    }
}
