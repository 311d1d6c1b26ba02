using Coverage.Dashboard.Security;
using Coverage.Dashboard.Services;
using Coverage.Domain.Access;
using Coverage.Domain.Coverage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Coverage.Dashboard.Endpoints;

/// <summary>
/// The filter parameters every coverage endpoint takes, exactly as <c>/map</c> has them in its URL. The
/// <see cref="ApiFilter"/> endpoint filter validates them before the handler runs; a handler reads the result
/// from <see cref="Snapshot"/> and <see cref="Filter"/>.
/// </summary>
public sealed class FilterParameters
{
    private CoverageSnapshot? _snapshot;
    private CoverageFilter? _filter;

    /// <summary>Prefecture code, 4 digits (e.g. 5101).</summary>
    [FromQuery(Name = "prefecture")] public string? Prefecture { get; set; }

    /// <summary>County code, 6 digits (e.g. 510104).</summary>
    [FromQuery(Name = "county")] public string? County { get; set; }

    /// <summary>Build-mode ids; repeat the parameter or separate with commas.</summary>
    [FromQuery(Name = "mode")] public string[]? Mode { get; set; }

    /// <summary>Station status ids (planned, underConstruction, operating, suspended, none = no station, notOperating = 未运营: none, planned, underConstruction and suspended); repeat or comma-separate.</summary>
    [FromQuery(Name = "status")] public string[]? Status { get; set; }

    /// <summary>Evaluate every station as at the end of this day (yyyy-MM-dd).</summary>
    [FromQuery(Name = "asOf")] public string? AsOf { get; set; }

    /// <summary>The snapshot the filter was validated against.</summary>
    public CoverageSnapshot Snapshot => _snapshot ?? throw NotValidated();

    /// <summary>The validated filter.</summary>
    public CoverageFilter Filter => _filter ?? throw NotValidated();

    internal FilterQuery ToQuery() => FilterQuery.From(Prefecture, County, Mode, Status, AsOf);

    internal void Accept(CoverageSnapshot snapshot, CoverageFilter filter)
    {
        _snapshot = snapshot;
        _filter = filter;
    }

    private static InvalidOperationException NotValidated() =>
        new("The coverage filter has not been validated: add the ApiFilter endpoint filter to this endpoint's group.");
}

/// <summary>
/// Turns the URL filter into a validated <see cref="FilterParameters"/> once, before any coverage handler runs:
/// 503 while the first snapshot is loading, 400 with a problem naming each bad parameter.
/// </summary>
public sealed class ApiFilter(ICoverageFeed feed) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        foreach (var parameters in context.Arguments.OfType<FilterParameters>())
        {
            if (!feed.IsLoaded) return NotReady();
            var snapshot = feed.Current;
            var result = parameters.ToQuery().Resolve(snapshot);
            if (!result.IsValid) return Invalid(result.Errors);
            var filter = result.Filter!;
            // A display token reads its own scope only: no division named means its scope; another division is refused.
            if (context.HttpContext.User.ToActor() is { IsDisplay: true, Scope.PrefectureCode: { } own } display)
            {
                if ((filter.County ?? filter.Prefecture) is not { } named) filter = filter with { Prefecture = own };
                else if (!display.CanRead(named)) return OutsideScope(display.Scope);
            }
            parameters.Accept(snapshot, filter);
        }
        return await next(context);
    }

    public static ProblemHttpResult NotReady() =>
        TypedResults.Problem(title: "The coverage data is still loading.", detail: "The database is not ready yet; try again shortly.",
            statusCode: StatusCodes.Status503ServiceUnavailable);

    /// <summary>A 403 problem naming the caller's scope (and, for a write, why it is refused); nothing is read or written.</summary>
    public static ProblemHttpResult OutsideScope(AccessScope scope, string? detail = null) =>
        TypedResults.Problem(title: "Outside your scope.", detail: detail ?? $"Your scope is {scope}; this request reaches outside it.",
            statusCode: StatusCodes.Status403Forbidden, extensions: new Dictionary<string, object?> { ["scope"] = scope.ToString() });

    /// <summary>A 400 validation problem (RFC 9457 body with an <c>errors</c> member by parameter name).</summary>
    public static ProblemHttpResult Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors.ToDictionary())
        {
            Title = "Some parameters are not valid.",
            Status = StatusCodes.Status400BadRequest,
        });
}

public static class ApiFilterExtensions
{
    /// <summary>A group of coverage endpoints: the URL filter validated once, and the problems it may answer documented.</summary>
    public static RouteGroupBuilder MapCoverageGroup(this IEndpointRouteBuilder app, string prefix, string tag)
    {
        var group = app.MapGroup(prefix).WithTags(tag);
        group.AddEndpointFilter<ApiFilter>();
        group.ProducesValidationProblem();
        group.ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.ProducesProblem(StatusCodes.Status401Unauthorized);
        group.ProducesProblem(StatusCodes.Status403Forbidden);
        return group;
    }
}
