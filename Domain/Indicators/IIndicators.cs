namespace Coverage.Domain.Indicators;

/// <summary>The plan's indicators and their recorded values, as the board reads them.</summary>
/// <param name="Indicators">Every indicator, in the order the board shows them.</param>
/// <param name="Values">Every recorded value of the entered indicators (the station-derived ones are computed, not stored).</param>
public sealed record IndicatorBook(IReadOnlyList<Indicator> Indicators, IReadOnlyList<IndicatorValue> Values)
{
    public static readonly IndicatorBook Empty = new([], []);

    /// <summary>The values of one indicator for one scope, oldest year first.</summary>
    public IReadOnlyList<IndicatorValue> Series(string indicatorId, string scope) =>
        [.. Values.Where(v => v.IndicatorId == indicatorId && v.Scope == scope).OrderBy(v => v.Year).ThenBy(v => v.AsOf)];

    /// <summary>The scopes below the province that have a value of the indicator.</summary>
    public IReadOnlyList<string> PrefectureScopes(string indicatorId) =>
        [.. Values.Where(v => v.IndicatorId == indicatorId && v.Scope != Indicator.Province).Select(v => v.Scope).Distinct().Order(StringComparer.Ordinal)];
}

/// <summary>Reads the indicators and their values (definitions and values come in through the import).</summary>
public interface IIndicators
{
    Task<IndicatorBook> LoadAsync(CancellationToken ct = default);
}
