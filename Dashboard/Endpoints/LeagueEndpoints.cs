using Coverage.Dashboard.Resources;
using Coverage.Dashboard.Services;
using Coverage.Domain.Coverage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Coverage.Dashboard.Endpoints;

public sealed record LeagueRowResponse(
    string Code,
    string Name,
    int Townships,
    int Covered,
    double Coverage,
    PlanResponse Plan,
    int Operating,
    int UnderConstruction,
    int Planned,
    int Suspended,
    int GoLivesThisMonth,
    int OverduePlanned,
    int OverdueUnderConstruction);

/// <summary>The league table of the filter's scope (the tables on <c>/</c> and <c>/map</c>): JSON, or a file with <c>format=xlsx|csv</c>.</summary>
public static class LeagueEndpoints
{
    public static IEndpointRouteBuilder MapLeagueEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapCoverageGroup("/api/league", "Coverage").MapGet("/", List).WithName("League")
            .WithSummary("The league table of the filter's scope: every prefecture of the province, or the counties of the prefecture (of a county: "
                + "its prefecture's counties), with coverage against the plan, the stations by status, this month's go-lives and the overdue stations; "
                + "format=xlsx or csv downloads it.")
            .Produces<IReadOnlyList<LeagueRowResponse>>(StatusCodes.Status200OK)
            .ProducesExport();
        return app;
    }

    private static IResult List([AsParameters] FilterParameters query, CoverageFigures figures, TableExport export, ExportColumns columns,
        IStringLocalizer<Strings> text, [FromQuery(Name = "format")] string? format)
    {
        var errors = new Dictionary<string, string[]>();
        var exportFormat = GapEndpoints.ParseFormat(format, errors);
        if (errors.Count > 0) return ApiFilter.Invalid(errors);

        var rows = figures.League(query.Snapshot, query.Filter);
        if (exportFormat is { } f)
        {
            var title = query.Snapshot.PrefectureOf(query.Filter) is null ? text["League.Prefectures"] : text["League.Counties"];
            return export.Write(f, new ExportView(title, "league", query.Snapshot, query.Filter), rows, columns.League());
        }
        return TypedResults.Ok(rows.Select(r => new LeagueRowResponse(r.Code, r.Name, r.Tally.Townships, r.Tally.Covered, Math.Round(r.Figure.Percent, 2),
            new PlanResponse(r.Figure.PlanYear, Math.Round(r.Figure.PlanTarget, 2), Math.Round(r.Figure.PlanDifference, 2)),
            r.Tally.Operating, r.Tally.UnderConstruction, r.Tally.Planned, r.Tally.Suspended, r.GoLivesThisMonth,
            r.Overdue.Planned, r.Overdue.UnderConstruction)).ToList());
    }
}
