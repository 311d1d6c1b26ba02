using Coverage.Domain.Coverage;

namespace Coverage.Domain.Indicators;

/// <summary>
/// One indicator on the board: where the province stands, its yearly series, and each prefecture's standing where values exist.
/// <paramref name="Live"/> marks a station-derived indicator, computed from the read model and moving with every change.
/// </summary>
public sealed record IndicatorCard(
    Indicator Indicator,
    IndicatorStanding Province,
    IReadOnlyList<IndicatorValue> Series,
    IReadOnlyList<IndicatorStanding> Prefectures,
    bool Live);

/// <summary>How many indicators are met, on track, behind, without data, or tracked without a target.</summary>
public readonly record struct IndicatorStrip(int Met, int OnTrack, int Behind, int NoData, int Tracked)
{
    public int Total => Met + OnTrack + Behind + NoData + Tracked;
}

/// <summary>Puts the board together: recorded values for the entered indicators, the read model for the station-derived ones.</summary>
public static class IndicatorBoard
{
    /// <summary>What a station-derived value says it comes from (the register as the screens show it).</summary>
    public const string StationSource = "stations";

    /// <param name="today">The day the standings are judged on (and the live values measured).</param>
    public static IReadOnlyList<IndicatorCard> Cards(IndicatorBook book, CoverageSnapshot snapshot, DateOnly today)
    {
        var synthetic = snapshot.Dataset?.HasSynthetic ?? false;
        var prefectures = snapshot.Prefectures.Keys.Order(StringComparer.Ordinal).ToList();
        Dictionary<string, StationCarry>? carry = null;
        // Each indicator's recorded values apart, once: every standing below looks at one indicator's values only.
        var recorded = book.Values.ToLookup(v => v.IndicatorId, StringComparer.Ordinal);
        var cards = new List<IndicatorCard>(book.Indicators.Count);
        foreach (var indicator in book.Indicators)
        {
            IReadOnlyList<IndicatorValue> values;
            if (indicator.Derived == DerivedIndicator.None) values = recorded[indicator.Id].ToList();
            else
            {
                carry ??= StationIndicators.CarryBy(snapshot, CoverageFilter.All, t => t.PrefectureCode);
                values = Derived(indicator, snapshot, carry, prefectures, today, synthetic);
            }
            var province = IndicatorRules.Standing(indicator, Indicator.Province, values, today);
            var series = values.Where(v => v.IndicatorId == indicator.Id && v.Scope == Indicator.Province && v.AsOf <= today)
                .OrderBy(v => v.Year).ThenBy(v => v.AsOf).ToList();
            var byPrefecture = values.Where(v => v.IndicatorId == indicator.Id && v.Scope != Indicator.Province)
                .Select(v => v.Scope).Distinct().Order(StringComparer.Ordinal)
                .Select(scope => IndicatorRules.Standing(indicator, scope, values, today))
                .Where(s => s.Latest is not null).ToList();
            cards.Add(new IndicatorCard(indicator, province, series, byPrefecture, indicator.Derived != DerivedIndicator.None));
        }
        return cards;
    }

    public static IndicatorStrip Strip(IEnumerable<IndicatorCard> cards)
    {
        int met = 0, onTrack = 0, behind = 0, noData = 0, tracked = 0;
        foreach (var card in cards)
        {
            switch (card.Province.Status)
            {
                case IndicatorStatus.Met: met++; break;
                case IndicatorStatus.OnTrack: onTrack++; break;
                case IndicatorStatus.Behind: behind++; break;
                case IndicatorStatus.Tracked: tracked++; break;
                default: noData++; break;
            }
        }
        return new(met, onTrack, behind, noData, tracked);
    }

    /// <summary>
    /// A station-derived indicator's values: today's for the province and each prefecture; coverage also at each past year's end
    /// (the stations' dates give its history; staff and services have none).
    /// </summary>
    private static List<IndicatorValue> Derived(Indicator indicator, CoverageSnapshot snapshot, Dictionary<string, StationCarry> carry,
        List<string> prefectures, DateOnly today, bool synthetic)
    {
        var values = new List<IndicatorValue>();
        var total = carry.Values.Aggregate(default(StationCarry), (a, b) => a + b);
        if (indicator.Derived == DerivedIndicator.StationCoverage)
        {
            for (var year = indicator.Start.Year; year < today.Year; year++)
            {
                var end = new DateOnly(year, 12, 31);
                var tally = snapshot.Tally(new CoverageFilter(AsOf: end));
                values.Add(new(indicator.Id, Indicator.Province, year, Math.Round((decimal)tally.Percent, 1), end, StationSource, synthetic));
            }
        }
        if (total.Townships == 0) return values;
        values.Add(new(indicator.Id, Indicator.Province, today.Year, total.Value(indicator.Derived), today, StationSource, synthetic));
        foreach (var code in prefectures)
            if (carry.TryGetValue(code, out var c))
                values.Add(new(indicator.Id, code, today.Year, c.Value(indicator.Derived), today, StationSource, synthetic));
        return values;
    }
}
