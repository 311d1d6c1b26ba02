namespace Coverage.Domain.Indicators;

/// <summary>An indicator's standing for one scope: its latest value, progress towards the target and status.</summary>
/// <param name="Progress">Share of the way from the baseline to the target, 0–1 (1 when met); null without a target or a value.</param>
/// <param name="Expected">Where the straight path from the baseline to the target stands on the day; null without a target.</param>
/// <param name="PastDeadline">The day is after the deadline.</param>
public sealed record IndicatorStanding(
    Indicator Indicator,
    string Scope,
    IndicatorValue? Latest,
    double? Progress,
    decimal? Expected,
    IndicatorStatus Status,
    bool PastDeadline);

/// <summary>Progress and status: the one place the plan's comparisons are applied.</summary>
public static class IndicatorRules
{
    /// <summary>Whether <paramref name="value"/> meets the indicator's target (false for a tracked figure).</summary>
    public static bool IsMet(Indicator indicator, decimal value) => indicator.Comparison switch
    {
        IndicatorComparison.Tracked => false,
        IndicatorComparison.MoreThan => value > indicator.Target!.Value,
        _ => value >= indicator.Target!.Value,
    };

    /// <summary>
    /// Share of the way from the baseline to the target, clamped to 0–1; 1 exactly when met (a "more than" target is not met at
    /// equality, so it stays just under 1 there). Null for a tracked figure.
    /// </summary>
    public static double? Progress(Indicator indicator, decimal value)
    {
        if (indicator.Target is not { } target || indicator.Comparison == IndicatorComparison.Tracked) return null;
        if (IsMet(indicator, value)) return 1;
        var span = target - indicator.Baseline;
        if (span <= 0) return 0;
        var share = (double)((value - indicator.Baseline) / span);
        return Math.Clamp(share, 0, 0.999);
    }

    /// <summary>
    /// Where the straight path from the baseline (at the indicator's start) to the target (at its deadline) stands on
    /// <paramref name="day"/>: the baseline before the start, the target from the deadline on. Null for a tracked figure.
    /// </summary>
    public static decimal? Expected(Indicator indicator, DateOnly day)
    {
        if (indicator.Target is not { } target || indicator.Comparison == IndicatorComparison.Tracked) return null;
        if (day <= indicator.Start) return indicator.Baseline;
        if (day >= indicator.Deadline) return target;
        var elapsed = (decimal)(day.DayNumber - indicator.Start.DayNumber) / (indicator.Deadline.DayNumber - indicator.Start.DayNumber);
        return indicator.Baseline + (target - indicator.Baseline) * elapsed;
    }

    /// <summary>
    /// The standing of <paramref name="indicator"/> for <paramref name="scope"/> on <paramref name="day"/>, from the values recorded
    /// for it (any order; values measured after the day are ignored). Met when the latest value meets the target; otherwise
    /// on track when the latest value is at or above the path on the day it was measured and the deadline has not passed; otherwise
    /// behind.
    /// </summary>
    public static IndicatorStanding Standing(Indicator indicator, string scope, IEnumerable<IndicatorValue> values, DateOnly day)
    {
        var latest = values
            .Where(v => v.IndicatorId == indicator.Id && v.Scope == scope && v.AsOf <= day)
            .OrderByDescending(v => v.AsOf).ThenByDescending(v => v.Year)
            .FirstOrDefault();
        var past = day > indicator.Deadline;
        var expected = Expected(indicator, day);
        if (latest is null) return new(indicator, scope, null, null, expected, IndicatorStatus.NoData, past);
        if (indicator.Comparison == IndicatorComparison.Tracked)
            return new(indicator, scope, latest, null, null, IndicatorStatus.Tracked, past);

        var status = IsMet(indicator, latest.Value) ? IndicatorStatus.Met
            : !past && latest.Value >= Expected(indicator, latest.AsOf) ? IndicatorStatus.OnTrack
            : IndicatorStatus.Behind;
        return new(indicator, scope, latest, Progress(indicator, latest.Value), expected, status, past);
    }

    /// <summary>
    /// Why a value cannot be recorded for the indicator, or null when it can: milestones take 0 or 1, shares 0–100, counts are
    /// whole and not negative, years within the plan's reach.
    /// </summary>
    public static string? Validate(Indicator indicator, IndicatorValue value)
    {
        if (value.Year < indicator.Start.Year - 5 || value.Year > indicator.Deadline.Year + 10) return "year is outside the plan's reach";
        if (value.AsOf.Year < value.Year) return "measured before its year began";
        return indicator.Comparison switch
        {
            IndicatorComparison.Milestone when value.Value is not (0 or 1) => "a milestone is 0 (not reached) or 1 (reached)",
            IndicatorComparison.ShareAtLeast when value.Value is < 0 or > 100 => "a share is a percentage from 0 to 100",
            _ when value.Value < 0 => "a value cannot be negative",
            _ when indicator.Unit == Units.Persons && value.Value != decimal.Truncate(value.Value) => "a count of persons is a whole number",
            _ => null,
        };
    }

    /// <summary>The units indicators are counted in.</summary>
    public static class Units
    {
        public const string Persons = "persons";
        public const string Percent = "percent";
        public const string Milestone = "milestone";
    }
}
