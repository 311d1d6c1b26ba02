using Coverage.Domain.Stations;
using Coverage.Infrastructure.Coverage;

namespace Coverage.Dashboard.Components.Pages.Map;

/// <summary>One township as the planner's table shows it.</summary>
public sealed record TownshipRow(
    string Code,
    string Name,
    string CountyName,
    string PrefectureName,
    StationStatus? Status,
    BuildMode? Mode,
    DateOnly? OperatingSince,
    int SocialWorkers,
    bool Special)
{
    public static IReadOnlyList<TownshipRow> From(CoverageSnapshot snapshot, CoverageFilter filter) =>
        snapshot.Select(filter).Select(t => new TownshipRow(
            t.Code, t.Name,
            snapshot.Counties.GetValueOrDefault(t.CountyCode)?.Name ?? t.CountyCode,
            snapshot.Prefectures.GetValueOrDefault(t.PrefectureCode)?.Name ?? t.PrefectureCode,
            t.StatusAsOf(filter.AsOf), t.Station?.Mode,
            t.Station?.OperatingSince is { } on && (filter.AsOf is null || on <= filter.AsOf) ? on : null,
            t.Station?.SocialWorkers ?? 0,
            !t.CountsInCoverage)).ToList();
}
