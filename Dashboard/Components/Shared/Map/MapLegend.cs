using System.Globalization;
using System.Text;
using Coverage.Dashboard.Resources;
using Coverage.Dashboard.Services;
using Coverage.Domain.Stations;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace Coverage.Dashboard.Components.Shared.Map;

/// <summary>
/// The map's legend: each status or build mode, its colour with its pattern, as on the map, and its name in text (issue 16).
/// The whole legend is one piece of markup shared by every circuit (issue 14): the map writes it with <see cref="Markup"/>, so an
/// open page holds one frame for it, not a component with two render trees of 65–128 frames. Its styles are global (app.css),
/// since scoped CSS does not reach markup.
/// </summary>
public static class MapLegend
{
    // Every legend there is: 2 colourings × coverage scale or not × dark or not, per culture.
    private static readonly SharedMarkup<(MapColouring Colouring, bool ShowCoverage, bool Dark, string Culture, string UiCulture)> Legends = new(64);

    /// <summary>The legend's markup in the current culture, the same string for every circuit that shows this legend.</summary>
    public static MarkupString Markup(MapColouring colouring, bool showCoverage, bool dark, DomainText text, IStringLocalizer<Strings> t) =>
        Legends.Get((colouring, showCoverage, dark, CultureInfo.CurrentCulture.Name, CultureInfo.CurrentUICulture.Name), (text, t),
            static (key, s) => Write(key.Colouring, key.ShowCoverage, key.Dark, s.text, s.t));

    private static string Write(MapColouring colouring, bool showCoverage, bool dark, DomainText text, IStringLocalizer<Strings> t)
    {
        var e = SharedMarkup.Encoder;
        var html = new StringBuilder(4096);
        html.Append("<div class=\"map-legend").Append(dark ? " map-legend--dark" : "").Append("\" data-testid=\"map-legend\">");

        void Item(string attribute, string id, MarkupString swatch, string label) =>
            html.Append("<span class=\"map-legend__item\" ").Append(attribute).Append("=\"").Append(e.Encode(id)).Append("\">")
                .Append(swatch.Value).Append(e.Encode(label)).Append("</span>");

        if (colouring == MapColouring.Status)
        {
            foreach (var status in DomainIds.Statuses)
            {
                var id = DomainIds.Id(status);
                Item("data-status", id, PatternSwatch.Shared("pattern-legend-" + id, MapPalette.Status(status), MapPalette.StatusPattern(status)), text.Status(status));
            }
        }
        else
        {
            foreach (var mode in DomainIds.Modes)
            {
                var id = DomainIds.Id(mode);
                Item("data-mode", id, PatternSwatch.Shared("pattern-legend-" + id, MapPalette.Mode(mode), MapPalette.ModePattern(mode)), text.Mode(mode));
            }
            html.Append("<span class=\"map-legend__note\">").Append(e.Encode(t["Map.ModeLegendNote"])).Append("</span>");
        }
        Item("data-status", "none", PatternSwatch.Shared("pattern-legend-none", MapPalette.NoStation, MapPalette.StatusPattern(null)), t["Map.NoStation"]);
        if (showCoverage)
        {
            html.Append("<span class=\"map-legend__scale\" data-testid=\"map-legend-coverage\"><span class=\"map-legend__scale-title\">")
                .Append(e.Encode(t["Map.CoverageLegend"])).Append("</span>");
            foreach (var (from, colour) in MapPalette.Coverage)
            {
                html.Append("<span class=\"map-legend__item\"><span class=\"map-legend__swatch\" style=\"background:").Append(e.Encode(colour))
                    .Append("\"></span>").Append(e.Encode(from.ToString("0", CultureInfo.CurrentCulture))).Append("%+</span>");
            }
            html.Append("</span>");
        }
        return html.Append("</div>").ToString();
    }
}
