using Coverage.Domain.Coverage;
using Coverage.Domain.Stations;

namespace Coverage.Domain.Indicators;

/// <summary>What the operating stations of a scope carry: the raw counts the station-derived indicators are made of.</summary>
public readonly record struct StationCarry(int Townships, int Operating, int SocialWorkers, int Certified, int AllSixServices)
{
    public static StationCarry operator +(StationCarry a, StationCarry b) => new(a.Townships + b.Townships, a.Operating + b.Operating,
        a.SocialWorkers + b.SocialWorkers, a.Certified + b.Certified, a.AllSixServices + b.AllSixServices);

    /// <summary>The value of a derived indicator from these counts (a share is 0 when there is nothing to divide by).</summary>
    public decimal Value(DerivedIndicator kind) => kind switch
    {
        DerivedIndicator.StationCoverage => Share(Operating, Townships),
        DerivedIndicator.StationedSocialWorkers => SocialWorkers,
        DerivedIndicator.CertifiedShare => Share(Certified, SocialWorkers),
        DerivedIndicator.AllSixServices => Share(AllSixServices, Operating),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a station-derived indicator."),
    };

    private static decimal Share(int part, int whole) => whole == 0 ? 0 : Math.Round(100m * part / whole, 1);
}

/// <summary>
/// The station-derived indicators, computed from the read model (the same snapshot every screen shows), so they move with every
/// confirmed report. Staff and services are the stations' current figures: only coverage has a history.
/// </summary>
public static class StationIndicators
{
    /// <summary>The counts of the countable townships matching <paramref name="filter"/>, grouped by <paramref name="key"/>.</summary>
    public static Dictionary<string, StationCarry> CarryBy(CoverageSnapshot snapshot, CoverageFilter filter, Func<TownshipState, string> key)
    {
        var result = new Dictionary<string, StationCarry>(StringComparer.Ordinal);
        foreach (var t in snapshot.Townships)
        {
            if (!t.CountsInCoverage || !filter.Matches(t)) continue;
            var k = key(t);
            result[k] = result.GetValueOrDefault(k) + Of(t);
        }
        return result;
    }

    /// <summary>The counts of every countable township matching <paramref name="filter"/>.</summary>
    public static StationCarry Carry(CoverageSnapshot snapshot, CoverageFilter filter) =>
        CarryBy(snapshot, filter, _ => "").GetValueOrDefault("");

    private static StationCarry Of(TownshipState t)
    {
        if (t.Station is not { Status: StationStatus.Operating } s) return new(1, 0, 0, 0, 0);
        var allSix = (s.Services & StationServices.All) == StationServices.All ? 1 : 0;
        return new(1, 1, s.SocialWorkers, s.CertifiedSocialWorkers, allSix);
    }
}
