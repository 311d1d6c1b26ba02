using Coverage.Dashboard.Security;
using Coverage.Domain.Stations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Coverage.Dashboard.Endpoints;

/// <summary>The body of <c>POST /api/stations/{id}/status</c>.</summary>
/// <param name="Status">The status to move to: <c>underConstruction</c>, <c>operating</c> or <c>suspended</c>.</param>
/// <param name="EffectiveOn">The day it happened (<c>yyyy-MM-dd</c>), today or earlier.</param>
public sealed record StatusChangeRequest(string? Status, string? EffectiveOn);

/// <summary>
/// Station writes: <c>POST /api/stations/{id}/status</c> records a change directly (a province admin anywhere, prefecture
/// staff in their prefecture). The scope check, the lifecycle rules and the audit row live in <see cref="IStationChanges"/>;
/// this endpoint reads and validates the body and turns the outcome into a status and a problem.
/// </summary>
public static class StationChangeEndpoints
{
    /// <summary>The largest body accepted; the request is two short fields.</summary>
    public const int MaxBodyBytes = 4 * 1024;

    private const string Shape = "{ \"status\": …, \"effectiveOn\": … }";

    /// <summary>The statuses a change may record (a station is Planned only when it is created).</summary>
    public static readonly IReadOnlyList<StationStatus> RecordableStatuses =
        [StationStatus.UnderConstruction, StationStatus.Operating, StationStatus.Suspended];

    /// <summary>
    /// Bearer tokens only. A browser sends its cookies with any request another site makes it send (that is CSRF), and a
    /// cross-site form can post a body; a browser never adds an <c>Authorization</c> header by itself. So this write
    /// authenticates with the token scheme alone: a request carrying only the session (or display) cookie is not signed in
    /// here and answers 401, and no page of another site can make a signed-in browser write. The dashboard's own pages do not
    /// call this API (their writes run in the server-side circuit), so nothing needs the cookie here; an antiforgery token
    /// would have been the alternative, but then every script would need one too.
    /// </summary>
    public static readonly AuthorizationPolicy BearerOnly = new AuthorizationPolicyBuilder(TokenAuthenticationHandler.SchemeName)
        .RequireAuthenticatedUser().Build();

    public static IEndpointRouteBuilder MapStationChangeEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/stations/{id:int}/status", RecordStatusAsync)
            .WithName("RecordStationStatus").WithTags("Stations")
            .WithSummary("Record a station's change of status (province admins anywhere, prefecture staff in their prefecture; bearer token only).")
            .WithDescription("Body: { \"status\": \"underConstruction|operating|suspended\", \"effectiveOn\": \"yyyy-MM-dd\" } (at most 4 KB). " +
                "The change follows the station lifecycle and is audited; outside the caller's scope it answers 403 and writes nothing but an audit row.")
            .Accepts<StatusChangeRequest>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .RequireAuthorization(BearerOnly);
        return app;
    }

    private static async Task<Results<Ok<StationRecord>, ProblemHttpResult>> RecordStatusAsync(
        int id, HttpContext context, IStationChanges changes, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<StatusChangeRequest>(context.Request, MaxBodyBytes, Shape, ct);
        if (problem is not null) return problem;

        var errors = new Dictionary<string, string[]>();
        var status = ParseStatus(body!.Status, errors);
        var effectiveOn = ParseDate(body.EffectiveOn, errors);
        if (errors.Count > 0) return ApiFilter.Invalid(errors);

        // The bearer-only policy has signed the caller in, so there is an actor (a user or a display link).
        var actor = context.User.ToActor()!;
        var result = await changes.RecordStatusAsync(actor, id, status, effectiveOn, context.Connection.RemoteIpAddress?.ToString(), ct);
        return result.Outcome switch
        {
            StationChangeOutcome.Applied => TypedResults.Ok(result.Station!),
            StationChangeOutcome.NotFound => TypedResults.Problem(title: "No such station.", detail: result.Error, statusCode: StatusCodes.Status404NotFound),
            StationChangeOutcome.Denied => ApiFilter.OutsideScope(actor.Scope, $"Your scope is {actor.Scope}: {result.Error}. Nothing was written."),
            _ => ApiFilter.Invalid(new Dictionary<string, string[]> { [result.Field!] = [result.Error!] }),
        };
    }

    private static StationStatus ParseStatus(string? value, Dictionary<string, string[]> errors) =>
        JsonBody.Id(value, StationChangeResult.StatusField, RecordableStatuses, errors);

    private static DateOnly ParseDate(string? value, Dictionary<string, string[]> errors) =>
        JsonBody.Date(value, StationChangeResult.EffectiveOnField, errors);
}
