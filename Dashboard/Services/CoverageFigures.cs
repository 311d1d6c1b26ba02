using Coverage.Domain.Coverage;
using Coverage.Domain.Stations;
using Coverage.Infrastructure.Coverage;

namespace Coverage.Dashboard.Services;

/// <summary>Coverage of one division (or the whole filter) against the plan for a year.</summary>
public sealed record CoverageFigure(string? Code, string? Name, CoverageTally Tally, int PlanYear, double PlanTarget)
{
    public double Percent => Tally.Percent;

    /// <summary>Coverage minus the plan target, in percentage points (negative: behind the plan).</summary>
    public double PlanDifference => Percent - PlanTarget;
}

public sealed record ModeShare(BuildMode Mode, int Stations, int Operating);

public sealed record TrendPoint(DateOnly Date, double Percent);

public sealed record GoLive(int StationId, string StationName, string TownshipCode, string TownshipName, string CountyName, string PrefectureName, BuildMode Mode, DateOnly On);

/// <summary>
/// The figures the overview, the map page and the API show, all read from one <see cref="CoverageSnapshot"/>
/// (in memory, so no request touches the database for them). "This year" is the <see cref="TimeProvider"/>'s
/// local year unless the filter looks at a past date.
/// </summary>
public sealed class CoverageFigures(TimeProvider clock)
{
    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    /// <summary>The plan year a filter is judged against: its as-of year, else this year.</summary>
    public int PlanYear(CoverageFilter filter) => filter.AsOf?.Year ?? Today.Year;

    public CoverageFigure Summary(CoverageSnapshot snapshot, CoverageFilter filter)
    {
        var year = PlanYear(filter);
        var prefecture = filter.Prefecture ?? (filter.County is null ? null : snapshot.Counties.GetValueOrDefault(filter.County)?.PrefectureCode);
        return new CoverageFigure(filter.County ?? filter.Prefecture, null, snapshot.Tally(filter), year, snapshot.PlanTarget(year, prefecture));
    }

    /// <summary>Every prefecture's coverage (mode and status filters apply; the scope does not), in code order.</summary>
    public IReadOnlyList<CoverageFigure> Prefectures(CoverageSnapshot snapshot, CoverageFilter filter)
    {
        var year = PlanYear(filter);
        var tallies = TallyBy(snapshot, filter with { Prefecture = null, County = null }, t => t.PrefectureCode);
        return snapshot.Prefectures.Values
            .Select(p => new CoverageFigure(p.Code, p.Name, tallies.GetValueOrDefault(p.Code, CoverageTally.Empty), year, snapshot.PlanTarget(year, p.Code)))
            .ToList();
    }

    /// <summary>The counties in the filter's prefecture (all when none) with their coverage, in code order.</summary>
    public IReadOnlyList<CoverageFigure> Counties(CoverageSnapshot snapshot, CoverageFilter filter)
    {
        var year = PlanYear(filter);
        var tallies = TallyBy(snapshot, filter with { County = null }, t => t.CountyCode);
        return snapshot.Counties.Values
            .Where(c => filter.Prefecture is null || c.PrefectureCode == filter.Prefecture)
            .Select(c => new CoverageFigure(c.Code, c.Name, tallies.GetValueOrDefault(c.Code, CoverageTally.Empty), year, snapshot.PlanTarget(year, c.PrefectureCode)))
            .ToList();
    }

    /// <summary>How many stations each build mode has, and how many of them operate, among the filtered townships.</summary>
    public IReadOnlyList<ModeShare> ModeMix(CoverageSnapshot snapshot, CoverageFilter filter)
    {
        var stations = new int[DomainIds.Modes.Count];
        var operating = new int[DomainIds.Modes.Count];
        foreach (var t in snapshot.Select(filter))
        {
            if (t.Station is null) continue;
            stations[(int)t.Station.Mode]++;
            if (CoverageRules.Covers(t.StatusAsOf(filter.AsOf))) operating[(int)t.Station.Mode]++;
        }
        return DomainIds.Modes.Select(m => new ModeShare(m, stations[(int)m], operating[(int)m])).ToList();
    }

    /// <summary>Coverage at the end of every month from <paramref name="from"/> to <paramref name="to"/>, in the filter's scope.</summary>
    public IReadOnlyList<TrendPoint> MonthlyCoverage(CoverageSnapshot snapshot, CoverageFilter filter, DateOnly from, DateOnly to)
    {
        var scope = snapshot.Townships.Where(t => t.CountsInCoverage && filter.InScope(t)).ToList();
        var points = new List<TrendPoint>();
        for (var month = new DateOnly(from.Year, from.Month, 1); month <= to; month = month.AddMonths(1))
        {
            var end = month.AddMonths(1).AddDays(-1);
            if (end > to) end = to;
            var covered = scope.Count(t => CoverageRules.Covers(t.StatusAsOf(end)));
            points.Add(new TrendPoint(end, scope.Count == 0 ? 0 : 100.0 * covered / scope.Count));
        }
        return points;
    }

    /// <summary>The plan line: the target at the end of each plan year, starting from zero before the first.</summary>
    public IReadOnlyList<TrendPoint> PlanLine(CoverageSnapshot snapshot, CoverageFilter filter)
    {
        var years = snapshot.PlanTargets.Select(p => p.Year).Distinct().Order().ToList();
        if (years.Count == 0) return [];
        var prefecture = filter.Prefecture ?? (filter.County is null ? null : snapshot.Counties.GetValueOrDefault(filter.County)?.PrefectureCode);
        List<TrendPoint> line = [new(new DateOnly(years[0], 1, 1), 0)];
        line.AddRange(years.Select(y => new TrendPoint(new DateOnly(y, 12, 31), snapshot.PlanTarget(y, prefecture))));
        return line;
    }

    /// <summary>The most recent go-lives (by operating date) among the filtered townships, newest first.</summary>
    public IReadOnlyList<GoLive> LatestGoLives(CoverageSnapshot snapshot, CoverageFilter filter, int count) =>
        snapshot.Select(filter)
            .Where(t => t.Station?.OperatingSince is { } on && (filter.AsOf is null || on <= filter.AsOf))
            .OrderByDescending(t => t.Station!.OperatingSince).ThenByDescending(t => t.Station!.Id)
            .Take(count)
            .Select(t => new GoLive(t.Station!.Id, t.Station.Name, t.Code, t.Name,
                snapshot.Counties.GetValueOrDefault(t.CountyCode)?.Name ?? t.CountyCode,
                snapshot.Prefectures.GetValueOrDefault(t.PrefectureCode)?.Name ?? t.PrefectureCode,
                t.Station.Mode, t.Station.OperatingSince!.Value))
            .ToList();

    private static Dictionary<string, CoverageTally> TallyBy(CoverageSnapshot snapshot, CoverageFilter filter, Func<TownshipState, string> key)
    {
        var tallies = new Dictionary<string, CoverageTally>(StringComparer.Ordinal);
        foreach (var t in snapshot.Townships)
        {
            if (!t.CountsInCoverage || !filter.Matches(t)) continue;
            var k = key(t);
            tallies[k] = tallies.GetValueOrDefault(k, CoverageTally.Empty) + CoverageTally.Of(t.StatusAsOf(filter.AsOf));
        }
        return tallies;
    }
}
