using Coverage.Domain.Stations;

namespace Coverage.Domain.Coverage;

/// <summary>Why a gap is overdue (none, one or both).</summary>
[Flags]
public enum OverdueReasons
{
    None = 0,

    /// <summary>Planned, or under construction, for longer than <see cref="CoverageFigures.OverdueAfterMonths"/>.</summary>
    Stuck = 1,

    /// <summary>The year the prefecture's plan reaches 100 % has passed.</summary>
    PlanYearPassed = 2,
}

/// <summary>
/// A countable township without an operating station on <see cref="Day"/>: no station, planned, under construction or
/// suspended; since when it has been in that state, and whether (and why) it is overdue.
/// </summary>
public sealed record GapRow(TownshipView View, DateOnly Day, DateOnly? Since, OverdueReasons Overdue)
{
    public TownshipState Township => View.Township;

    /// <summary>The status on <see cref="Day"/>; null: no station.</summary>
    public StationStatus? Status => View.Status;

    /// <summary>Days from <see cref="Since"/> to <see cref="Day"/>; null when nothing says since when.</summary>
    public int? DaysSince => Since is { } since ? Day.DayNumber - since.DayNumber : null;

    public bool IsOverdue => Overdue != OverdueReasons.None;
}

/// <summary>
/// One county's gaps, with the county's coverage against the plan (its real coverage in the filter's scope and as-of day:
/// mode and status filters narrow the rows, not the county's figure).
/// </summary>
public sealed record GapCounty(CoverageFigure County, IReadOnlyList<GapRow> Rows)
{
    public int OverdueCount => Rows.Count(r => r.IsOverdue);
}

/// <summary>The gaps of a filter, grouped by county (the most gaps first), on <see cref="Day"/>.</summary>
public sealed record GapList(DateOnly Day, IReadOnlyList<GapCounty> Counties)
{
    public int Count => Counties.Sum(c => c.Rows.Count);

    public int OverdueCount => Counties.Sum(c => c.OverdueCount);

    public IEnumerable<GapRow> Rows => Counties.SelectMany(c => c.Rows);
}

/// <summary>
/// The gap list (未覆盖清单): every countable township in the filter without an operating station. Special units are left
/// out, as coverage does not count them. Overdue is <see cref="CoverageFigures.IsStuck"/> (the one stuck rule) or the
/// prefecture's <see cref="CoverageFigures.FullCoverageYear"/> before the day's year. The day is the filter's as-of day,
/// else today.
/// </summary>
public static class Gaps
{
    public static GapList For(CoverageSnapshot snapshot, CoverageFigures figures, CoverageFilter filter, bool overdueOnly = false)
    {
        var day = filter.AsOf ?? figures.Today;
        var fullYears = new Dictionary<string, int?>(StringComparer.Ordinal);
        var rows = new List<GapRow>();
        foreach (var t in snapshot.Select(filter))
        {
            if (!t.CountsInCoverage) continue;
            var status = t.StatusAsOf(filter.AsOf);
            if (CoverageRules.Covers(status)) continue;
            var since = t.Station?.StatusSince(filter.AsOf);
            var reasons = OverdueReasons.None;
            if (CoverageFigures.IsStuck(status, since, day)) reasons |= OverdueReasons.Stuck;
            if (!fullYears.TryGetValue(t.PrefectureCode, out var fullYear))
                fullYears[t.PrefectureCode] = fullYear = CoverageFigures.FullCoverageYear(snapshot, t.PrefectureCode);
            if (fullYear < day.Year) reasons |= OverdueReasons.PlanYearPassed;
            if (overdueOnly && reasons == OverdueReasons.None) continue;
            rows.Add(new GapRow(snapshot.View(t, filter.AsOf), day, since, reasons));
        }

        var scope = filter with { Modes = null, Statuses = null, WithoutStation = false };
        var counties = figures.Counties(snapshot, scope).ToDictionary(c => c.Code!, StringComparer.Ordinal);
        var groups = rows.GroupBy(r => r.Township.CountyCode)
            .Select(g => new GapCounty(counties[g.Key], g.ToList()))
            .OrderByDescending(g => g.Rows.Count).ThenBy(g => g.County.Code, StringComparer.Ordinal)
            .ToList();
        return new GapList(day, groups);
    }
}
