using System.Globalization;
using Coverage.Domain.Stations;
using Coverage.Infrastructure.Coverage;
using Coverage.Infrastructure.Queries;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Coverage.Dashboard.Endpoints;

public sealed record StationSummary(
    int Id,
    string Name,
    string TownshipCode,
    string TownshipName,
    string CountyCode,
    string CountyName,
    string PrefectureCode,
    string PrefectureName,
    BuildMode Mode,
    StationStatus? Status,
    DateOnly? OperatingSince,
    int SocialWorkers,
    int CertifiedSocialWorkers);

public sealed record StationPage(int Total, int Page, int PageSize, IReadOnlyList<StationSummary> Items);

public sealed record StationResponse(
    int Id,
    string Name,
    string TownshipCode,
    string TownshipName,
    string CountyCode,
    string CountyName,
    string PrefectureCode,
    string PrefectureName,
    BuildMode Mode,
    StationStatus Status,
    DateOnly? PlannedOn,
    DateOnly? ConstructionStartedOn,
    DateOnly? OperatingSince,
    DateOnly? SuspendedOn,
    int SocialWorkers,
    int CertifiedSocialWorkers,
    IReadOnlyList<string> Services,
    string? Operator);

public static class StationEndpoints
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    public static IEndpointRouteBuilder MapStationEndpoints(this IEndpointRouteBuilder app)
    {
        var stations = app.MapGroup("/api/stations").WithTags("Stations");
        stations.MapGet("/", List).WithName("Stations")
            .WithSummary("Stations matching the filter (status as of asOf), by township code, paged (page from 1, pageSize up to 1000).");
        stations.MapGet("/{id:int}", Get).WithName("Station")
            .WithSummary("One station: dates, staff, services, operator.");
        return app;
    }

    private static Results<Ok<StationPage>, ProblemHttpResult> List(
        [AsParameters] FilterParameters parameters, CoverageSnapshotStore store,
        [FromQuery(Name = "page")] string? page, [FromQuery(Name = "pageSize")] string? pageSize)
    {
        if (!ApiFilter.TryResolve(parameters, store, out var snapshot, out var filter, out var problem)) return problem;
        var errors = new Dictionary<string, string[]>();
        var pageNumber = ParsePositive(page, 1, int.MaxValue, "page", errors);
        var size = ParsePositive(pageSize, DefaultPageSize, MaxPageSize, "pageSize", errors);
        if (errors.Count > 0) return ApiFilter.Invalid(errors);

        var matching = snapshot.Select(filter).Where(t => t.Station is not null).ToList();
        var items = matching.Skip((int)Math.Min((long)(pageNumber - 1) * size, int.MaxValue)).Take(size).Select(t => new StationSummary(
            t.Station!.Id, t.Station.Name, t.Code, t.Name, t.CountyCode, snapshot.Counties.GetValueOrDefault(t.CountyCode)?.Name ?? "",
            t.PrefectureCode, snapshot.Prefectures.GetValueOrDefault(t.PrefectureCode)?.Name ?? "", t.Station.Mode,
            t.StatusAsOf(filter.AsOf), t.Station.OperatingSince is { } on && (filter.AsOf is null || on <= filter.AsOf) ? on : null,
            t.Station.SocialWorkers, t.Station.CertifiedSocialWorkers)).ToList();
        return TypedResults.Ok(new StationPage(matching.Count, pageNumber, size, items));
    }

    private static async Task<Results<Ok<StationResponse>, ProblemHttpResult>> Get(int id, StationDetailsQuery query, CancellationToken ct)
    {
        var s = await query.FindAsync(id, ct);
        if (s is null)
            return TypedResults.Problem(title: "No such station.", detail: $"There is no station with id {id}.", statusCode: StatusCodes.Status404NotFound);
        return TypedResults.Ok(new StationResponse(s.Id, s.Name, s.TownshipCode, s.TownshipName, s.CountyCode, s.CountyName,
            s.PrefectureCode, s.PrefectureName, s.Mode, s.Status, s.PlannedOn, s.ConstructionStartedOn, s.OperatingSince, s.SuspendedOn,
            s.SocialWorkers, s.CertifiedSocialWorkers, DomainIds.Services.Where(v => s.Services.HasFlag(v)).Select(DomainIds.Id).ToList(), s.Operator));
    }

    private static int ParsePositive(string? value, int fallback, int max, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value)) return fallback;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= max) return n;
        errors[name] = [$"'{value}' is not a whole number from 1 to {max}."];
        return fallback;
    }
}
