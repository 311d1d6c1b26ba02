using Coverage.Domain.Divisions;

namespace Coverage.Domain.Planning;

/// <summary>A prefecture's coverage target (percent of countable townships) for the end of a year.</summary>
public sealed class PlanTarget
{
    private PlanTarget() { }

    public PlanTarget(PrefectureCode prefecture, int year, decimal targetCoverage)
    {
        if (year is < 2000 or > 2100) throw new ArgumentOutOfRangeException(nameof(year), year, "The plan year is out of range.");
        if (targetCoverage is < 0 or > 100) throw new ArgumentOutOfRangeException(nameof(targetCoverage), targetCoverage, "A target is a percentage from 0 to 100.");
        PrefectureCode = prefecture.Value;
        Year = year;
        TargetCoverage = targetCoverage;
    }

    public string PrefectureCode { get; private set; } = "";
    public int Year { get; private set; }
    public decimal TargetCoverage { get; private set; }
}

/// <summary>Plan arithmetic: a target for any year, and a province-wide target weighted by township counts.</summary>
public static class PlanArithmetic
{
    /// <summary>
    /// The target in force for <paramref name="year"/>: that year's, else the last earlier year's (a plan that
    /// reached 100% stays there), else 0 before the plan starts.
    /// </summary>
    public static decimal TargetFor(IEnumerable<PlanTarget> prefectureTargets, int year) =>
        prefectureTargets.Where(t => t.Year <= year).OrderByDescending(t => t.Year).Select(t => t.TargetCoverage).FirstOrDefault();

    /// <summary>The province-wide target: each prefecture's target weighted by its countable townships.</summary>
    public static double WeightedTarget(IEnumerable<(decimal Target, int Townships)> prefectures)
    {
        var list = prefectures.ToList();
        var total = list.Sum(p => p.Townships);
        return total == 0 ? 0 : list.Sum(p => (double)p.Target * p.Townships) / total;
    }
}
