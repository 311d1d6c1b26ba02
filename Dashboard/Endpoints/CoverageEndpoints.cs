using Coverage.Dashboard.Services;
using Coverage.Infrastructure.Coverage;
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
        var api = app.MapGroup("/api").WithTags("Coverage");
        api.MapGet("/summary", Summary).WithName("Summary")
            .WithSummary("Coverage KPIs for a filter: townships, covered, by status, and this year's plan target.");
        api.MapGet("/prefectures", Prefectures).WithName("Prefectures")
            .WithSummary("Every prefecture with its coverage and plan target (mode, status and asOf filters apply).");
        api.MapGet("/counties", Counties).WithName("Counties")
            .WithSummary("The counties of a prefecture (all when omitted) with their coverage.");
        return app;
    }

    private static Results<Ok<SummaryResponse>, ProblemHttpResult> Summary(
        [AsParameters] FilterParameters parameters, CoverageSnapshotStore store, CoverageFigures figures)
    {
        if (!ApiFilter.TryResolve(parameters, store, out var snapshot, out var filter, out var problem)) return problem;
        var figure = figures.Summary(snapshot, filter);
        var t = figure.Tally;
        var dataset = snapshot.Dataset is { } d ? new DatasetResponse(d.Name, d.ReferenceDate, d.Datum, d.HasSynthetic, d.HasApproximate) : null;
        return TypedResults.Ok(new SummaryResponse(filter.Prefecture, filter.County, filter.AsOf, t.Townships, t.Covered, t.Uncovered,
            Math.Round(t.Percent, 2), t.Operating, t.UnderConstruction, t.Planned, t.Suspended, t.WithoutStation, Plan(figure),
            snapshot.LastEventId, dataset));
    }

    private static Results<Ok<List<DivisionResponse>>, ProblemHttpResult> Prefectures(
        [AsParameters] FilterParameters parameters, CoverageSnapshotStore store, CoverageFigures figures)
    {
        if (!ApiFilter.TryResolve(parameters, store, out var snapshot, out var filter, out var problem)) return problem;
        return TypedResults.Ok(figures.Prefectures(snapshot, filter).Select(f => Division(f, null)).ToList());
    }

    private static Results<Ok<List<DivisionResponse>>, ProblemHttpResult> Counties(
        [AsParameters] FilterParameters parameters, CoverageSnapshotStore store, CoverageFigures figures)
    {
        if (!ApiFilter.TryResolve(parameters, store, out var snapshot, out var filter, out var problem)) return problem;
        return TypedResults.Ok(figures.Counties(snapshot, filter)
            .Select(f => Division(f, snapshot.Counties[f.Code!].PrefectureCode)).ToList());
    }

    internal static PlanResponse Plan(CoverageFigure f) => new(f.PlanYear, Math.Round(f.PlanTarget, 2), Math.Round(f.PlanDifference, 2));

    private static DivisionResponse Division(CoverageFigure f, string? prefecture) =>
        new(f.Code!, f.Name!, prefecture, f.Tally.Townships, f.Tally.Covered, Math.Round(f.Percent, 2), f.Tally.Operating,
            f.Tally.UnderConstruction, f.Tally.Planned, f.Tally.Suspended, Plan(f));
}
