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

    /// <summary>What the JS module gets: colours keyed by the domain ids.</summary>
    public static object ForScript() => new
    {
        none = NoStation,
        status = DomainIds.Statuses.ToDictionary(DomainIds.Id, Status),
        mode = DomainIds.Modes.ToDictionary(DomainIds.Id, Mode),
        coverage = Coverage.Select(c => new { from = c.From, colour = c.Colour }),
    };
}
