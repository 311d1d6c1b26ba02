using Coverage.Domain.Coverage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Coverage.Dashboard.Endpoints;

public sealed record PlanResponse(int Year, double Target, double Difference);

public sealed record DatasetResponse(string Name, DateOnly? ReferenceDate, string Datum, bool Synthetic, bool Approximate);

public sealed record SummaryResponse(
    string? Prefecture,
    string? County,
    DateOnly? AsOf,
    int Townships,
    int Covered,
    int Uncovered,
    double Coverage,
    int Operating,
    int UnderConstruction,
    int Planned,
    int Suspended,
    int WithoutStation,
    PlanResponse Plan,
    long LastEventId,
    DatasetResponse? Dataset);

public sealed record DivisionResponse(
    string Code,
    string Name,
    string? PrefectureCode,
    int Townships,
    int Covered,
    double Coverage,
    int Operating,
    int UnderConstruction,
    int Planned,
    int Suspended,
    PlanResponse Plan);

/// <summary>Coverage figures: read from the in-memory snapshot, never from the database, so they answer in microseconds.</summary>
public static class CoverageEndpoints
{
    public static IEndpointRouteBuilder MapCoverageEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapCoverageGroup("/api", "Coverage");
        api.MapGet("/summary", Summary).WithName("Summary")
            .WithSummary("Coverage KPIs for a filter: townships, covered, by status, and this year's plan target.");
        api.MapGet("/prefectures", Prefectures).WithName("Prefectures")
            .WithSummary("Every prefecture with its coverage and plan target (mode, status and asOf filters apply).");
        api.MapGet("/counties", Counties).WithName("Counties")
            .WithSummary("The counties of a prefecture (all when omitted) with their coverage.");
        return app;
    }

    private static Ok<SummaryResponse> Summary([AsParameters] FilterParameters query, CoverageFigures figures)
    {
        var (snapshot, filter) = (query.Snapshot, query.Filter);
        var figure = figures.Summary(snapshot, filter);
        var t = figure.Tally;
        var dataset = snapshot.Dataset is { } d ? new DatasetResponse(d.Name, d.ReferenceDate, d.Datum, d.HasSynthetic, d.HasApproximate) : null;
        return TypedResults.Ok(new SummaryResponse(filter.Prefecture, filter.County, filter.AsOf, t.Townships, t.Covered, t.Uncovered,
            Math.Round(t.Percent, 2), t.Operating, t.UnderConstruction, t.Planned, t.Suspended, t.WithoutStation, Plan(figure),
            snapshot.LastEventId, dataset));
    }

    private static Ok<List<DivisionResponse>> Prefectures([AsParameters] FilterParameters query, CoverageFigures figures) =>
        TypedResults.Ok(figures.Prefectures(query.Snapshot, query.Filter).Select(f => Division(f, null)).ToList());

    private static Ok<List<DivisionResponse>> Counties([AsParameters] FilterParameters query, CoverageFigures figures) =>
        TypedResults.Ok(figures.Counties(query.Snapshot, query.Filter)
            .Select(f => Division(f, query.Snapshot.Counties[f.Code!].PrefectureCode)).ToList());

    private static PlanResponse Plan(CoverageFigure f) => new(f.PlanYear, Math.Round(f.PlanTarget, 2), Math.Round(f.PlanDifference, 2));

    private static DivisionResponse Division(CoverageFigure f, string? prefecture) =>
        new(f.Code!, f.Name!, prefecture, f.Tally.Townships, f.Tally.Covered, Math.Round(f.Percent, 2), f.Tally.Operating,
            f.Tally.UnderConstruction, f.Tally.Planned, f.Tally.Suspended, Plan(f));
}
