using Coverage.Domain.Stations;

namespace Coverage.Dashboard.Components.Shared.Map;

/// <summary>
/// The map's colours, in one place (the legend, the mode-mix bars and the JS module all read them). Statuses and
/// build modes use the Okabe–Ito palette, which stays distinguishable with the common colour-vision deficiencies;
/// coverage uses ColorBrewer's sequential YlGnBu, which does too and reads light → dark as low → high.
/// </summary>
public static class MapPalette
{
    public const string NoStation = "#bdbdbd";

    public static string Status(StationStatus status) => status switch
    {
        StationStatus.Operating => "#009E73",
        StationStatus.UnderConstruction => "#E69F00",
        StationStatus.Planned => "#56B4E9",
        StationStatus.Suspended => "#CC79A7",
        _ => NoStation,
    };

    public static string Mode(BuildMode mode) => mode switch
    {
        BuildMode.ProvincialSubsidy => "#0072B2",
        BuildMode.GovernancePilot => "#E69F00",
        BuildMode.CivilAffairsInstitution => "#009E73",
        BuildMode.CountySelfBuilt => "#CC79A7",
        BuildMode.ExistingVenue => "#D55E00",
        _ => NoStation,
    };

    /// <summary>Lower bounds (percent) of the coverage classes, and their colours.</summary>
    public static readonly IReadOnlyList<(double From, string Colour)> Coverage =
        [(0, "#ffffcc"), (20, "#a1dab4"), (40, "#41b6c4"), (60, "#2c7fb8"), (80, "#253494")];

    /// <summary>
    /// Colour is never the only carrier of meaning (issue 16): each status and build mode also has a pattern drawn over its
    /// colour — the same path on the map's canvas (Path2D) and in the legend's swatches (an SVG pattern), an 8 × 8 px tile
    /// stroked in <see cref="PatternInk"/>. "solid" is the colour alone.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> PatternPaths = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["solid"] = "",
        ["diagonal"] = "M-2,2 L2,-2 M0,8 L8,0 M6,10 L10,6",
        ["dots"] = "M1,2 a1,1 0 1,0 2,0 a1,1 0 1,0 -2,0 M5,6 a1,1 0 1,0 2,0 a1,1 0 1,0 -2,0",
        ["cross"] = "M0,0 L8,8 M8,0 L0,8",
        ["horizontal"] = "M0,2 H8 M0,6 H8",
        ["vertical"] = "M2,0 V8 M6,0 V8",
    };

    public const string PatternInk = "rgba(0, 0, 0, 0.55)";
    public const double PatternInkWidth = 1.5;
    public const int PatternTile = 8;

    public static string StatusPattern(StationStatus? status) => status switch
    {
        StationStatus.Operating => "solid",
        StationStatus.UnderConstruction => "diagonal",
        StationStatus.Planned => "dots",
        StationStatus.Suspended => "cross",
        _ => "horizontal",
    };

    public static string ModePattern(BuildMode? mode) => mode switch
    {
        BuildMode.ProvincialSubsidy => "solid",
        BuildMode.GovernancePilot => "diagonal",
        BuildMode.CivilAffairsInstitution => "dots",
        BuildMode.CountySelfBuilt => "cross",
        BuildMode.ExistingVenue => "vertical",
        _ => "horizontal",
    };

    /// <summary>What the JS module gets: colours and patterns keyed by the domain ids.</summary>
    public static object ForScript() => new
    {
        none = NoStation,
        status = DomainIds.Statuses.ToDictionary(DomainIds.Id, Status),
        mode = DomainIds.Modes.ToDictionary(DomainIds.Id, Mode),
        coverage = Coverage.Select(c => new { from = c.From, colour = c.Colour }),
        patterns = new
        {
            none = StatusPattern(null),
            status = DomainIds.Statuses.ToDictionary(DomainIds.Id, s => StatusPattern(s)),
            mode = DomainIds.Modes.ToDictionary(DomainIds.Id, m => ModePattern(m)),
            paths = PatternPaths,
            ink = PatternInk,
            inkWidth = PatternInkWidth,
            tile = PatternTile,
        },
    };
}
