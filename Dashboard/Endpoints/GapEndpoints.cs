using System.Text.Json;
using Coverage.Dashboard.Resources;
using Coverage.Dashboard.Services;
using Coverage.Domain.Coverage;
using Coverage.Domain.Stations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Coverage.Dashboard.Endpoints;

public sealed record GapRowResponse(
    string TownshipCode,
    string TownshipName,
    int? StationId,
    string? StationName,
    BuildMode? Mode,
    StationStatus? Status,
    DateOnly? Since,
    int? DaysSince,
    bool Overdue,
    IReadOnlyList<string> OverdueReasons,
    string? Operator);

public sealed record GapCountyResponse(
    string Code,
    string Name,
    string PrefectureCode,
    int Townships,
    int Operating,
    double Coverage,
    PlanResponse Plan,
    int Gaps,
    int Overdue,
    IReadOnlyList<GapRowResponse> Rows);

public sealed record GapListResponse(
    string? Prefecture,
    string? County,
    DateOnly Day,
    bool OverdueOnly,
    int OverdueAfterMonths,
    int Count,
    int Overdue,
    IReadOnlyList<GapCountyResponse> Counties);

/// <summary>The gap list (未覆盖清单) and the exports of the gap list and the stations: JSON, or a file with <c>format=xlsx|csv</c>.</summary>
public static class GapEndpoints
{
    public static IEndpointRouteBuilder MapGapEndpoints(this IEndpointRouteBuilder app)
    {
        var gaps = app.MapCoverageGroup("/api/gaps", "Gaps");
        gaps.MapGet("/", List).WithName("Gaps")
            .WithSummary("Countable townships in the filter without an operating station (no station, planned, under construction, suspended), "
                + "grouped by county with the county's coverage; overdue = planned or building for over 12 months, or the prefecture's plan year passed. "
                + "overdue=true keeps the overdue ones; format=xlsx or csv downloads the list (a 说明 sheet or # header lines: scope, filter, as-of, source, export time).")
            .Produces<GapListResponse>(StatusCodes.Status200OK)
            .ProducesExport();
        return app;
    }

    private static IResult List([AsParameters] FilterParameters query, CoverageFigures figures, TableExport export, ExportColumns columns,
        IStringLocalizer<Strings> text,
        [FromQuery(Name = "overdue")] string? overdue, [FromQuery(Name = "format")] string? format)
    {
        var errors = new Dictionary<string, string[]>();
        var overdueOnly = ParseFlag(overdue, "overdue", errors);
        var exportFormat = ParseFormat(format, errors);
        if (errors.Count > 0) return ApiFilter.Invalid(errors);

        var list = Gaps.For(query.Snapshot, figures, query.Filter, overdueOnly);
        if (exportFormat is { } f)
        {
            var notes = overdueOnly ? new[] { new KeyValuePair<string, string>(text["Gaps.OverdueOnly"], text["Gaps.Yes"]) } : null;
            return export.Write(f, new ExportView(text["Gaps.Title"], "gaps", query.Snapshot, query.Filter, notes), GapExportRow.Of(list), columns.Gaps());
        }
        return TypedResults.Ok(Response(query.Filter, list, overdueOnly));
    }

    /// <summary>Reads <c>format</c>: null (JSON), or an export format; anything else is a 400 naming it.</summary>
    public static ExportFormat? ParseFormat(string? format, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(format) || string.Equals(format, "json", StringComparison.OrdinalIgnoreCase)) return null;
        if (TableExport.TryParseFormat(format, out var f)) return f;
        errors["format"] = [$"'{format}' is not a format; expected json, xlsx or csv."];
        return null;
    }

    private static bool ParseFlag(string? value, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value)) return false;
        if (value is "1" || string.Equals(value, "true", StringComparison.OrdinalIgnoreCase)) return true;
        if (value is "0" || string.Equals(value, "false", StringComparison.OrdinalIgnoreCase)) return false;
        errors[name] = [$"'{value}' is not true or false."];
        return false;
    }

    private static GapListResponse Response(CoverageFilter filter, GapList list, bool overdueOnly) =>
        new(filter.Prefecture, filter.County, list.Day, overdueOnly, CoverageFigures.OverdueAfterMonths, list.Count, list.OverdueCount,
            list.Counties.Select(c => new GapCountyResponse(c.County.Code!, c.County.Name!, c.Rows[0].Township.PrefectureCode,
                c.County.Tally.Townships, c.County.Tally.Operating, Math.Round(c.County.Percent, 2),
                new PlanResponse(c.County.PlanYear, Math.Round(c.County.PlanTarget, 2), Math.Round(c.County.PlanDifference, 2)),
                c.Rows.Count, c.OverdueCount, c.Rows.Select(Row).ToList())).ToList());

    private static GapRowResponse Row(GapRow r) =>
        new(r.Township.Code, r.Township.Name, r.Township.Station?.Id, r.Township.Station?.Name, r.Township.Station?.Mode, r.Status,
            r.Since, r.DaysSince, r.IsOverdue, Reasons(r.Overdue), r.Township.Station?.Operator);

    private static List<string> Reasons(OverdueReasons reasons) =>
        new[] { OverdueReasons.Stuck, OverdueReasons.PlanYearPassed }.Where(r => reasons.HasFlag(r))
            .Select(r => JsonNamingPolicy.CamelCase.ConvertName(r.ToString())).ToList();
}
