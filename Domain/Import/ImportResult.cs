namespace Coverage.Domain.Import;

/// <summary>What an import applied (or, previewed, would apply).</summary>
/// <param name="Stations">Station rows in the files.</param>
/// <param name="StationsChanged">Existing stations whose status or build mode the import changes (they move forward).</param>
/// <param name="StationsAdded">Stations the database did not hold yet.</param>
public sealed record ImportResult(int Prefectures, int Counties, int Townships, int CountyBoundaries, int TownshipBoundaries, int Stations, int PlanTargets,
    int StationsChanged = 0, int StationsAdded = 0, int Indicators = 0, int IndicatorValues = 0)
{
    public override string ToString() =>
        $"{Prefectures} prefectures, {Counties} counties, {Townships} townships, {CountyBoundaries} county and {TownshipBoundaries} township boundaries, " +
        $"{Stations} stations ({StationsChanged} existing ones changed status or mode, {StationsAdded} new), {PlanTargets} plan targets" +
        (Indicators + IndicatorValues > 0 ? $", {Indicators} indicators, {IndicatorValues} indicator values" : "");
}
