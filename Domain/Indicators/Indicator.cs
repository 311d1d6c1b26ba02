namespace Coverage.Domain.Indicators;

/// <summary>The plan's fields (五大领域), plus the township stations that carry them.</summary>
public enum IndicatorField
{
    /// <summary>养老服务.</summary>
    ElderlyCare,
    /// <summary>未成年人关爱保护.</summary>
    MinorsProtection,
    /// <summary>社区治理.</summary>
    CommunityGovernance,
    /// <summary>社会救助.</summary>
    SocialAssistance,
    /// <summary>救灾防灾.</summary>
    DisasterRelief,
    /// <summary>乡镇（街道）社工站.</summary>
    TownshipStations,
}

/// <summary>How a value is held against the target.</summary>
public enum IndicatorComparison
{
    /// <summary>The value must reach the target (≥).</summary>
    AtLeast,
    /// <summary>The value must exceed the target (&gt;).</summary>
    MoreThan,
    /// <summary>A percentage that must reach the target percentage (≥, in %).</summary>
    ShareAtLeast,
    /// <summary>A qualitative milestone: the value is 1 when reached, 0 before; the target is 1.</summary>
    Milestone,
    /// <summary>Tracked without a published target (a figure leadership watches).</summary>
    Tracked,
}

/// <summary>Whether the plan sets the indicator for the province as a whole or for each prefecture.</summary>
public enum IndicatorLevel
{
    Province,
    Prefecture,
}

/// <summary>Indicators computed live from the station register instead of entered; <see cref="None"/> for entered ones.</summary>
public enum DerivedIndicator
{
    None,
    /// <summary>Share of countable townships with an operating station (%).</summary>
    StationCoverage,
    /// <summary>Social workers stationed in operating stations (persons).</summary>
    StationedSocialWorkers,
    /// <summary>Certified social workers as a share of those stationed in operating stations (%).</summary>
    CertifiedShare,
    /// <summary>Share of operating stations offering all six services (六项服务) (%).</summary>
    AllSixServices,
}

/// <summary>
/// One quantitative or milestone target of the plan. <paramref name="Target"/> is null only for <see cref="IndicatorComparison.Tracked"/>;
/// <paramref name="Baseline"/> is the value at <paramref name="Start"/> (the on-track path runs from it to the target at the deadline).
/// </summary>
public sealed record Indicator(
    string Id,
    IndicatorField Field,
    string Name,
    string NameEn,
    string Unit,
    IndicatorComparison Comparison,
    decimal? Target,
    decimal Baseline,
    DateOnly Start,
    DateOnly Deadline,
    IndicatorLevel Level,
    DerivedIndicator Derived,
    string Source)
{
    /// <summary>The province's own scope code (a value for the whole province).</summary>
    public const string Province = "51";
}

/// <summary>
/// A value of an indicator for one scope (<see cref="Indicator.Province"/> or a prefecture code) at the end of a year, with where it
/// came from and when it was measured. <paramref name="Synthetic"/> marks values made up for the demo (labelled on screen).
/// </summary>
public sealed record IndicatorValue(string IndicatorId, string Scope, int Year, decimal Value, DateOnly AsOf, string Source, bool Synthetic);

/// <summary>Where an indicator stands.</summary>
public enum IndicatorStatus
{
    /// <summary>No value recorded yet.</summary>
    NoData,
    /// <summary>The target is reached.</summary>
    Met,
    /// <summary>Not reached yet, but at or above the straight path from the baseline to the target.</summary>
    OnTrack,
    /// <summary>Below that path, or the deadline passed without reaching the target.</summary>
    Behind,
    /// <summary>No target to hold it against (<see cref="IndicatorComparison.Tracked"/>).</summary>
    Tracked,
}
