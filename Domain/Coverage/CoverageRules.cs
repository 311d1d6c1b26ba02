using Coverage.Domain.Divisions;
using Coverage.Domain.Stations;

namespace Coverage.Domain.Coverage;

/// <summary>
/// What "covered" means. A township is covered when its station is Operating. Special units (farms,
/// reserves, forestry bureaus, …) are shown but do not count: the plan's "every township and street"
/// (乡镇/街道全覆盖) is about administrative townships, and these units have no resident population of their own
/// to serve. A Suspended station does not cover its township.
/// </summary>
public static class CoverageRules
{
    public static bool CountsInCoverage(TownshipKind kind) => kind != TownshipKind.Special;

    public static bool Covers(StationStatus? status) => status == StationStatus.Operating;
}

/// <summary>Counts of countable townships by the state of their station, and the arithmetic on them.</summary>
public readonly record struct CoverageTally(int Townships, int Operating, int UnderConstruction, int Planned, int Suspended)
{
    public static readonly CoverageTally Empty = new(0, 0, 0, 0, 0);

    /// <summary>Countable townships with no station at all (not even planned).</summary>
    public int WithoutStation => Townships - Operating - UnderConstruction - Planned - Suspended;

    public int Covered => Operating;

    public int Uncovered => Townships - Covered;

    /// <summary>Coverage in percent (0–100), 0 when there is nothing to cover.</summary>
    public double Percent => Townships == 0 ? 0 : 100.0 * Covered / Townships;

    /// <summary>The tally for one countable township whose station has <paramref name="status"/> (null: no station).</summary>
    public static CoverageTally Of(StationStatus? status) => status switch
    {
        StationStatus.Operating => new(1, 1, 0, 0, 0),
        StationStatus.UnderConstruction => new(1, 0, 1, 0, 0),
        StationStatus.Planned => new(1, 0, 0, 1, 0),
        StationStatus.Suspended => new(1, 0, 0, 0, 1),
        _ => new(1, 0, 0, 0, 0),
    };

    public static CoverageTally operator +(CoverageTally a, CoverageTally b) =>
        new(a.Townships + b.Townships, a.Operating + b.Operating, a.UnderConstruction + b.UnderConstruction,
            a.Planned + b.Planned, a.Suspended + b.Suspended);

    public static CoverageTally operator -(CoverageTally a, CoverageTally b) =>
        new(a.Townships - b.Townships, a.Operating - b.Operating, a.UnderConstruction - b.UnderConstruction,
            a.Planned - b.Planned, a.Suspended - b.Suspended);
}
