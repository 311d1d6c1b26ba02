using Coverage.Dashboard.Services;
using Coverage.Infrastructure.Coverage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Coverage.Dashboard.Endpoints;

/// <summary>The filter parameters every coverage endpoint takes, exactly as <c>/map</c> has them in its URL.</summary>
public sealed class FilterParameters
{
    /// <summary>Prefecture code, 4 digits (e.g. 5101).</summary>
    [FromQuery(Name = "prefecture")] public string? Prefecture { get; set; }

    /// <summary>County code, 6 digits (e.g. 510104).</summary>
    [FromQuery(Name = "county")] public string? County { get; set; }

    /// <summary>Build-mode ids; repeat the parameter or separate with commas.</summary>
    [FromQuery(Name = "mode")] public string[]? Mode { get; set; }

    /// <summary>Station status ids (planned, underConstruction, operating, suspended); repeat or comma-separate.</summary>
    [FromQuery(Name = "status")] public string[]? Status { get; set; }

    /// <summary>Evaluate every station as at the end of this day (yyyy-MM-dd).</summary>
    [FromQuery(Name = "asOf")] public string? AsOf { get; set; }

    public FilterQuery ToQuery() => FilterQuery.From(Prefecture, County, Mode, Status, AsOf);
}

internal static class ApiFilter
{
    /// <summary>The current snapshot and the resolved filter, or the 400/503 problem to answer with.</summary>
    public static bool TryResolve(FilterParameters parameters, CoverageSnapshotStore store,
        out CoverageSnapshot snapshot, out CoverageFilter filter, out ProblemHttpResult problem)
    {
        snapshot = store.Current;
        filter = CoverageFilter.All;
        if (!store.IsLoaded)
        {
            problem = NotReady();
            return false;
        }
        var result = parameters.ToQuery().Resolve(snapshot);
        if (!result.IsValid)
        {
            problem = Invalid(result.Errors);
            return false;
        }
        filter = result.Filter!;
        problem = null!;
        return true;
    }

    public static ProblemHttpResult NotReady() =>
        TypedResults.Problem(title: "The coverage data is still loading.", detail: "The database is not ready yet; try again shortly.",
            statusCode: StatusCodes.Status503ServiceUnavailable);

    /// <summary>A 400 validation problem (RFC 9457 body with an <c>errors</c> member by parameter name).</summary>
    public static ProblemHttpResult Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors.ToDictionary())
        {
            Title = "Some parameters are not valid.",
            Status = StatusCodes.Status400BadRequest,
        });
}
