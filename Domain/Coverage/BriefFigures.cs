namespace Coverage.Domain.Coverage;

/// <summary>
/// What the leadership brief (简报) reports for the province or one prefecture at the end of one day: coverage and
/// the station pipeline, the change since the end of the previous month (from the stations' dates), the plan target,
/// how many counties are below it and the divisions furthest behind it.
/// </summary>
public sealed record BriefFigures(
    DateOnly AsOf,
    string? PrefectureCode,
    string? PrefectureName,
    CoverageFigure Summary,
    DateOnly PreviousMonthEnd,
    double PreviousPercent,
    int CountiesBehindPlan,
    IReadOnlyList<CoverageFigure> MostBehind)
{
    /// <summary>How many of the divisions furthest behind the plan the brief names.</summary>
    public const int LaggingShown = 5;

    public bool IsProvince => PrefectureCode is null;

    /// <summary>Coverage minus coverage at the end of the previous month, in percentage points, to the tenth shown.</summary>
    public double MonthChange => Math.Round(Summary.Percent, 1) - Math.Round(PreviousPercent, 1);

    /// <summary>
    /// The figures of <paramref name="prefecture"/> (null: the province) as at the end of <paramref name="asOf"/>.
    /// Today (or later) reads the stations' status now, so a go-live of today counts; an earlier day reads their dates.
    /// </summary>
    public static BriefFigures From(CoverageFigures figures, CoverageSnapshot snapshot, string? prefecture, DateOnly asOf)
    {
        var today = figures.Today;
        if (asOf > today) asOf = today;
        // The plan year is the brief's year even when the brief is of today (whose filter carries no date).
        var filter = new CoverageFilter(Prefecture: prefecture, AsOf: asOf < today ? asOf : null);
        var planYear = asOf.Year;
        var tally = snapshot.Tally(filter);
        var summary = new CoverageFigure(prefecture, prefecture is null ? null : snapshot.PrefectureName(prefecture), tally, planYear,
            snapshot.PlanTarget(planYear, prefecture));
        var previousMonthEnd = new DateOnly(asOf.Year, asOf.Month, 1).AddDays(-1);
        var previous = snapshot.Tally(filter with { AsOf = previousMonthEnd });
        var dated = filter with { AsOf = asOf };
        var countiesBehind = figures.Counties(snapshot, dated).Count(c => c.IsBehindPlan && c.Tally.Townships > 0);
        return new BriefFigures(asOf, prefecture, summary.Name, summary, previousMonthEnd, previous.Percent, countiesBehind,
            figures.MostBehindPlan(snapshot, dated, LaggingShown));
    }
}
