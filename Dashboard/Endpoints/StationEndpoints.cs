using System.Globalization;
using System.Security.Claims;
using Coverage.Dashboard.Resources;
using Coverage.Dashboard.Security;
using Coverage.Dashboard.Services;
using Coverage.Domain.Coverage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Coverage.Dashboard.Endpoints;

/// <summary>A page of stations; each item is a <see cref="TownshipView"/>, written as a flat station object (<see cref="StationJson"/>).</summary>
public sealed record StationPage(int Total, int Page, int PageSize, IReadOnlyList<TownshipView> Items);

/// <summary>Stations, read from the in-memory snapshot, which holds every station's full record.</summary>
public static class StationEndpoints
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    public static IEndpointRouteBuilder MapStationEndpoints(this IEndpointRouteBuilder app)
    {
        var stations = app.MapCoverageGroup("/api/stations", "Stations");
        stations.MapGet("/", List).WithName("Stations")
            .WithSummary("Stations matching the filter (status as of asOf), by township code, paged (page from 1, pageSize up to 1000); "
                + "format=xlsx or csv downloads every matching station (no paging) with a 说明 sheet or # header lines.")
            .ProducesExport();
        stations.MapGet("/{id:int}", Get).WithName("Station")
            .WithSummary("One station: dates, staff, services, operator.");
        return app;
    }

    private static Results<Ok<StationPage>, ExportFile, ProblemHttpResult> List([AsParameters] FilterParameters query,
        [FromQuery(Name = "page")] string? page, [FromQuery(Name = "pageSize")] string? pageSize, [FromQuery(Name = "format")] string? format,
        TableExport export, ExportColumns columns, IStringLocalizer<Strings> text)
    {
        var errors = new Dictionary<string, string[]>();
        var pageNumber = ParsePositive(page, 1, int.MaxValue, "page", errors);
        var size = ParsePositive(pageSize, DefaultPageSize, MaxPageSize, "pageSize", errors);
        var exportFormat = GapEndpoints.ParseFormat(format, errors);
        if (errors.Count > 0) return ApiFilter.Invalid(errors);

        var matching = query.Snapshot.Views(query.Filter).Where(v => v.Township.Station is not null).ToList();
        if (exportFormat is { } f)
            return export.Write(f, new ExportView(text["Export.Stations"], "stations", query.Snapshot, query.Filter), matching, columns.Stations());
        var items = matching.Skip((int)Math.Min((long)(pageNumber - 1) * size, int.MaxValue)).Take(size).ToList();
        return TypedResults.Ok(new StationPage(matching.Count, pageNumber, size, items));
    }

    private static Results<Ok<TownshipView>, ProblemHttpResult> Get(int id, ICoverageFeed feed, ClaimsPrincipal user)
    {
        if (!feed.IsLoaded) return ApiFilter.NotReady();
        var snapshot = feed.Current;
        if (snapshot.StationById(id) is { } township && user.ToActor() is { } actor && !actor.CanRead(township.Code))
            return ApiFilter.OutsideScope(actor.Scope);
        return snapshot.StationById(id) is { } found
            ? TypedResults.Ok(snapshot.View(found))
            : TypedResults.Problem(title: "No such station.", detail: $"There is no station with id {id}.", statusCode: StatusCodes.Status404NotFound);
    }

    private static int ParsePositive(string? value, int fallback, int max, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value)) return fallback;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= max) return n;
        errors[name] = [$"'{value}' is not a whole number from 1 to {max}."];
        return fallback;
    }
}
