using Coverage.Domain.Stations;

namespace Coverage.Domain.Coverage;

/// <summary>
/// What a page or API call asks about. Null parts do not filter. Modes and statuses keep the townships whose
/// station has one of them (a township with no station matches no mode and no status). AsOf evaluates every
/// station's status at the end of that day from its dates.
/// </summary>
public sealed record CoverageFilter(
    string? Prefecture = null,
    string? County = null,
    IReadOnlySet<BuildMode>? Modes = null,
    IReadOnlySet<StationStatus>? Statuses = null,
    DateOnly? AsOf = null)
{
    public static readonly CoverageFilter All = new();

    public bool InScope(TownshipState t) =>
        (Prefecture is null || t.PrefectureCode == Prefecture) && (County is null || t.CountyCode == County);

    public bool Matches(TownshipState t)
    {
        if (!InScope(t)) return false;
        if (Modes is { Count: > 0 } && (t.Station is null || !Modes.Contains(t.Station.Mode))) return false;
        if (Statuses is { Count: > 0 })
        {
            var status = t.StatusAsOf(AsOf);
            if (status is null || !Statuses.Contains(status.Value)) return false;
        }
        return true;
    }
}
