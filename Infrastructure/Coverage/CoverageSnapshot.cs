using Coverage.Domain.Coverage;
using Coverage.Domain.Divisions;
using Coverage.Domain.Planning;
using Coverage.Domain.Stations;

namespace Coverage.Infrastructure.Coverage;

/// <summary>One township and its station (if any), as the snapshot holds it.</summary>
public sealed record TownshipState(
    string Code,
    string Name,
    string CountyCode,
    string PrefectureCode,
    TownshipKind Kind,
    StationState? Station)
{
    public bool CountsInCoverage => CoverageRules.CountsInCoverage(Kind);

    /// <summary>The station's status now (<paramref name="asOf"/> null) or at the end of a past day; null: no station (yet).</summary>
    public StationStatus? StatusAsOf(DateOnly? asOf) =>
        Station is null ? null
        : asOf is null ? Station.Status
        : Domain.Stations.Station.StatusAsOf(asOf.Value, Station.PlannedOn, Station.ConstructionStartedOn, Station.OperatingSince, Station.SuspendedOn);
}

public sealed record StationState(
    int Id,
    string Name,
    BuildMode Mode,
    StationStatus Status,
    DateOnly? PlannedOn,
    DateOnly? ConstructionStartedOn,
    DateOnly? OperatingSince,
    DateOnly? SuspendedOn,
    int SocialWorkers,
    int CertifiedSocialWorkers);

public sealed record PrefectureInfo(string Code, string Name);

public sealed record CountyInfo(string Code, string Name, string PrefectureCode, CountyKind Kind);

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

/// <summary>
/// An immutable, consistent picture of coverage at one point of the event stream (<see cref="LastEventId"/>).
/// A new snapshot is made for every batch of changes; readers never see a half-applied batch.
/// </summary>
public sealed class CoverageSnapshot
{
    public static readonly CoverageSnapshot Empty = new([], [], [], [], 0, DateTimeOffset.MinValue, null);

    public CoverageSnapshot(
        IEnumerable<TownshipState> townships,
        IEnumerable<PrefectureInfo> prefectures,
        IEnumerable<CountyInfo> counties,
        IEnumerable<PlanTarget> planTargets,
        long lastEventId,
        DateTimeOffset builtAt,
        DatasetSummary? dataset)
    {
        Townships = townships.OrderBy(t => t.Code, StringComparer.Ordinal).ToList();
        ByCode = Townships.ToDictionary(t => t.Code);
        StationTownship = Townships.Where(t => t.Station is not null).ToDictionary(t => t.Station!.Id, t => t.Code);
        Prefectures = prefectures.OrderBy(p => p.Code, StringComparer.Ordinal).ToDictionary(p => p.Code);
        Counties = counties.OrderBy(c => c.Code, StringComparer.Ordinal).ToDictionary(c => c.Code);
        PlanTargets = planTargets.ToList();
        LastEventId = lastEventId;
        BuiltAt = builtAt;
        Dataset = dataset;
    }

    public IReadOnlyList<TownshipState> Townships { get; }
    public IReadOnlyDictionary<string, TownshipState> ByCode { get; }
    /// <summary>Station id → township code.</summary>
    public IReadOnlyDictionary<int, string> StationTownship { get; }
    public IReadOnlyDictionary<string, PrefectureInfo> Prefectures { get; }
    public IReadOnlyDictionary<string, CountyInfo> Counties { get; }
    public IReadOnlyList<PlanTarget> PlanTargets { get; }
    public long LastEventId { get; }
    public DateTimeOffset BuiltAt { get; }
    public DatasetSummary? Dataset { get; }

    public IEnumerable<TownshipState> Select(CoverageFilter filter) => Townships.Where(filter.Matches);

    /// <summary>The coverage tally of the countable townships that match <paramref name="filter"/>.</summary>
    public CoverageTally Tally(CoverageFilter filter)
    {
        var tally = CoverageTally.Empty;
        foreach (var t in Townships)
            if (t.CountsInCoverage && filter.Matches(t)) tally += CoverageTally.Of(t.StatusAsOf(filter.AsOf));
        return tally;
    }

    /// <summary>The plan target (percent) for <paramref name="year"/> in a prefecture, or province-wide weighted by townships.</summary>
    public double PlanTarget(int year, string? prefecture = null)
    {
        if (prefecture is not null)
            return (double)PlanArithmetic.TargetFor(PlanTargets.Where(p => p.PrefectureCode == prefecture), year);
        var weights = Townships.Where(t => t.CountsInCoverage).GroupBy(t => t.PrefectureCode)
            .Select(g => (PlanArithmetic.TargetFor(PlanTargets.Where(p => p.PrefectureCode == g.Key), year), g.Count()));
        return PlanArithmetic.WeightedTarget(weights);
    }

    /// <summary>A new snapshot with <paramref name="changed"/> townships replaced, at event <paramref name="lastEventId"/>.</summary>
    public CoverageSnapshot With(IReadOnlyCollection<TownshipState> changed, long lastEventId, DateTimeOffset at)
    {
        if (changed.Count == 0 && lastEventId == LastEventId) return this;
        var replaced = changed.ToDictionary(t => t.Code);
        // Materialised before adding the new townships: a lazy Concat would have LINQ size its buffer from
        // replaced.Values before the Select had removed the replacements from it, leaving null slots.
        var townships = Townships.Select(t => replaced.Remove(t.Code, out var n) ? n : t).ToList();
        townships.AddRange(replaced.Values);
        return new CoverageSnapshot(townships, Prefectures.Values, Counties.Values, PlanTargets, lastEventId, at, Dataset);
    }
}

/// <summary>The provenance shown on screen: the dataset's name, reference date, and whether any of it is synthetic or approximate.</summary>
public sealed record DatasetSummary(string Name, DateOnly? ReferenceDate, string Datum, bool HasSynthetic, bool HasApproximate);
