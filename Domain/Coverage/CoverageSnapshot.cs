using Coverage.Domain.Divisions;
using Coverage.Domain.Planning;
using Coverage.Domain.Stations;

namespace Coverage.Domain.Coverage;

/// <summary>One township and its station (if any), as the snapshot holds it.</summary>
public sealed record TownshipState(
    string Code,
    string Name,
    string CountyCode,
    string PrefectureCode,
    TownshipKind Kind,
    StationRecord? Station)
{
    public bool CountsInCoverage => CoverageRules.CountsInCoverage(Kind);

    /// <summary>The station's status now (<paramref name="asOf"/> null) or at the end of a past day; null: no station (yet).</summary>
    public StationStatus? StatusAsOf(DateOnly? asOf) => Station?.StatusAsOf(asOf);
}

public sealed record PrefectureInfo(string Code, string Name);

public sealed record CountyInfo(string Code, string Name, string PrefectureCode, CountyKind Kind);

/// <summary>The provenance shown on screen: the dataset's name, reference date, and whether any of it is synthetic or approximate.</summary>
public sealed record DatasetSummary(string Name, DateOnly? ReferenceDate, string Datum, bool HasSynthetic, bool HasApproximate);

/// <summary>
/// An immutable, consistent picture of coverage at one point of the event stream (<see cref="LastEventId"/>).
/// A new snapshot is made for every batch of changes; readers never see a half-applied batch. The figures
/// drawn from it are in <see cref="CoverageFigures"/>.
/// </summary>
public sealed class CoverageSnapshot
{
    public static readonly CoverageSnapshot Empty = new([], [], [], [], 0, DateTimeOffset.MinValue, null);

    private readonly Dictionary<int, TownshipState> _byStation;

    public CoverageSnapshot(
        IEnumerable<TownshipState> townships,
        IEnumerable<PrefectureInfo> prefectures,
        IEnumerable<CountyInfo> counties,
        IEnumerable<PlanTarget> planTargets,
        long lastEventId,
        DateTimeOffset builtAt,
        DatasetSummary? dataset)
    {
        _townships = townships.OrderBy(t => t.Code, StringComparer.Ordinal).ToList();
        _byCode = _townships.ToDictionary(t => t.Code);
        _byStation = _townships.Where(t => t.Station is not null).ToDictionary(t => t.Station!.Id);
        Prefectures = prefectures.OrderBy(p => p.Code, StringComparer.Ordinal).ToDictionary(p => p.Code);
        Counties = counties.OrderBy(c => c.Code, StringComparer.Ordinal).ToDictionary(c => c.Code);
        PlanTargets = planTargets.ToList();
        LastEventId = lastEventId;
        BuiltAt = builtAt;
        Dataset = dataset;
    }

    /// <summary>A patch of <paramref name="previous"/> (<see cref="With"/>): the divisions, targets and dataset are its own, shared.</summary>
    private CoverageSnapshot(CoverageSnapshot previous, List<TownshipState> townships, Dictionary<string, TownshipState> byCode,
        Dictionary<int, TownshipState> byStation, long lastEventId, DateTimeOffset builtAt)
    {
        _townships = townships;
        _byCode = byCode;
        _byStation = byStation;
        Prefectures = previous.Prefectures;
        Counties = previous.Counties;
        PlanTargets = previous.PlanTargets;
        LastEventId = lastEventId;
        BuiltAt = builtAt;
        Dataset = previous.Dataset;
    }

    private readonly List<TownshipState> _townships;
    private readonly Dictionary<string, TownshipState> _byCode;

    /// <summary>Every township, in code order.</summary>
    public IReadOnlyList<TownshipState> Townships => _townships;
    public IReadOnlyDictionary<string, TownshipState> ByCode => _byCode;
    public IReadOnlyDictionary<string, PrefectureInfo> Prefectures { get; }
    public IReadOnlyDictionary<string, CountyInfo> Counties { get; }
    public IReadOnlyList<PlanTarget> PlanTargets { get; }
    public long LastEventId { get; }
    public DateTimeOffset BuiltAt { get; }
    public DatasetSummary? Dataset { get; }

    /// <summary>The figures drawn from this snapshot so far, shared by all its readers (see <see cref="CoverageFigures"/>).</summary>
    public SnapshotFigures Figures { get; } = new();

    public IEnumerable<TownshipState> Select(CoverageFilter filter) => Townships.Where(filter.Matches);

    /// <summary>The townships that match <paramref name="filter"/>, as lists show them.</summary>
    public IEnumerable<TownshipView> Views(CoverageFilter filter) => Select(filter).Select(t => View(t, filter.AsOf));

    public TownshipView View(TownshipState township, DateOnly? asOf = null) =>
        new(township, CountyName(township.CountyCode), PrefectureName(township.PrefectureCode), asOf);

    /// <summary>The township whose station has id <paramref name="stationId"/>, or null.</summary>
    public TownshipState? StationById(int stationId) => _byStation.GetValueOrDefault(stationId);

    /// <summary>A prefecture's name, else its code (a code the snapshot does not know is shown as it is).</summary>
    public string PrefectureName(string code) => Prefectures.GetValueOrDefault(code)?.Name ?? code;

    /// <summary>A county's name, else its code.</summary>
    public string CountyName(string code) => Counties.GetValueOrDefault(code)?.Name ?? code;

    /// <summary>A township's name, else its code.</summary>
    public string TownshipName(string code) => ByCode.GetValueOrDefault(code)?.Name ?? code;

    /// <summary>The prefecture a filter's scope lies in (its own, or its county's), or null for the province.</summary>
    public string? PrefectureOf(CoverageFilter filter) =>
        filter.Prefecture ?? (filter.County is null ? null : Counties.GetValueOrDefault(filter.County)?.PrefectureCode);

    /// <summary>The coverage tally of the countable townships that match <paramref name="filter"/>.</summary>
    public CoverageTally Tally(CoverageFilter filter)
    {
        var tally = CoverageTally.Empty;
        foreach (var t in Townships)
            if (t.CountsInCoverage && filter.Matches(t)) tally += CoverageTally.Of(t.StatusAsOf(filter.AsOf));
        return tally;
    }

    /// <summary>The tallies of the countable townships that match <paramref name="filter"/>, grouped by <paramref name="key"/>.</summary>
    public Dictionary<string, CoverageTally> TallyBy(CoverageFilter filter, Func<TownshipState, string> key)
    {
        var tallies = new Dictionary<string, CoverageTally>(StringComparer.Ordinal);
        foreach (var t in Townships)
        {
            if (!t.CountsInCoverage || !filter.Matches(t)) continue;
            var k = key(t);
            tallies[k] = tallies.GetValueOrDefault(k, CoverageTally.Empty) + CoverageTally.Of(t.StatusAsOf(filter.AsOf));
        }
        return tallies;
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
        // The change feed calls this for every committed batch, so the usual case — a few known townships changed — copies the
        // lists and replaces those in place (no re-sorting or re-hashing of the province's ~3,100 townships).
        if (changed.All(t => _byCode.ContainsKey(t.Code)))
        {
            var list = new List<TownshipState>(_townships);
            var byCode = new Dictionary<string, TownshipState>(_byCode, _byCode.Comparer);
            var byStation = new Dictionary<int, TownshipState>(_byStation, _byStation.Comparer);
            foreach (var t in changed)
            {
                var old = byCode[t.Code];
                if (old.Station is { } gone && byStation.TryGetValue(gone.Id, out var holder) && ReferenceEquals(holder, old)) byStation.Remove(gone.Id);
                list[list.BinarySearch(old, TownshipCodeOrder.Instance)] = t;
                byCode[t.Code] = t;
            }
            foreach (var t in changed)
                if (t.Station is { } station) byStation[station.Id] = t;
            return new CoverageSnapshot(this, list, byCode, byStation, lastEventId, at);
        }
        var replaced = changed.ToDictionary(t => t.Code);
        var townships = new List<TownshipState>(Townships.Count + replaced.Count);
        foreach (var t in Townships) townships.Add(replaced.Remove(t.Code, out var n) ? n : t);
        townships.AddRange(replaced.Values); // townships that are new to the snapshot
        return new CoverageSnapshot(townships, Prefectures.Values, Counties.Values, PlanTargets, lastEventId, at, Dataset);
    }
}

/// <summary>
/// A township as lists, popups and the API show it: the snapshot's township (and its station, the one station
/// read shape) with the names of its county and prefecture, and the station as it stood at the end of
/// <see cref="AsOf"/> (null: now).
/// </summary>
public sealed record TownshipView(TownshipState Township, string CountyName, string PrefectureName, DateOnly? AsOf)
{
    public StationStatus? Status => Township.StatusAsOf(AsOf);

    /// <summary>The day the station went live, if it had by <see cref="AsOf"/>.</summary>
    public DateOnly? WentLiveOn => Township.Station?.WentLiveBy(AsOf);
}

/// <summary>Townships in the snapshot's order: by code, ordinal.</summary>
internal sealed class TownshipCodeOrder : IComparer<TownshipState>
{
    public static readonly TownshipCodeOrder Instance = new();

    public int Compare(TownshipState? x, TownshipState? y) => string.CompareOrdinal(x?.Code, y?.Code);
}
