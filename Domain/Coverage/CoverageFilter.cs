using Coverage.Domain.Stations;

namespace Coverage.Domain.Coverage;

/// <summary>
/// What a page or API call asks about. Null parts do not filter. Modes and statuses keep the townships whose
/// station has one of them (a township with no station matches no mode, and no status unless <see cref="WithoutStation"/>).
/// AsOf evaluates every station's status at the end of that day from its dates.
/// </summary>
public sealed record CoverageFilter(
    string? Prefecture = null,
    string? County = null,
    IReadOnlySet<BuildMode>? Modes = null,
    IReadOnlySet<StationStatus>? Statuses = null,
    DateOnly? AsOf = null,
    bool WithoutStation = false)
{
    public static readonly CoverageFilter All = new();

    /// <summary>The statuses that leave a township uncovered; with <see cref="WithoutStation"/> they make the 未运营 filter.</summary>
    public static readonly IReadOnlySet<StationStatus> NotOperatingStatuses =
        new HashSet<StationStatus> { StationStatus.Planned, StationStatus.UnderConstruction, StationStatus.Suspended };

    /// <summary>The 未运营 filter: townships without an operating station, those with no station included.</summary>
    public bool IsNotOperating => WithoutStation && Statuses is { } s && s.SetEquals(NotOperatingStatuses);

    /// <summary>This filter's scope, modes and as-of, keeping the townships without an operating station.</summary>
    public CoverageFilter NotOperating() => this with { Statuses = NotOperatingStatuses, WithoutStation = true };

    /// <summary>Whether statuses filter at all (a status, or "no station").</summary>
    public bool FiltersStatus => Statuses is { Count: > 0 } || WithoutStation;

    public bool InScope(TownshipState t) =>
        (Prefecture is null || t.PrefectureCode == Prefecture) && (County is null || t.CountyCode == County);

    public bool Matches(TownshipState t)
    {
        if (!InScope(t)) return false;
        if (Modes is { Count: > 0 } && (t.Station is null || !Modes.Contains(t.Station.Mode))) return false;
        if (FiltersStatus)
        {
            var status = t.StatusAsOf(AsOf);
            if (status is null ? !WithoutStation : Statuses?.Contains(status.Value) != true) return false;
        }
        return true;
    }
}
