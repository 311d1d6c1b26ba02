using System.Globalization;
using System.Text.Json;
using Coverage.Dashboard.Security;
using Coverage.Domain.Stations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

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

    /// <summary>How much of a refused body the server still reads (and discards) to keep the connection; beyond it the connection is closed.</summary>
    private const int DrainLimitBytes = 64 * 1024;

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
        var (body, problem) = await ReadBodyAsync(context.Request, ct);
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

    /// <summary>The body as JSON, at most <see cref="MaxBodyBytes"/>: or the 400, 413 or 415 problem saying why not.</summary>
    private static async Task<(StatusChangeRequest? Body, ProblemHttpResult? Problem)> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        // Past the cap the body is refused unread. Up to the hard limit the server still drains what was sent after answering, so
        // the client reads the 413 on a connection that stays open; beyond it the connection is cut.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = DrainLimitBytes;
        if (request.ContentLength > MaxBodyBytes) return (null, TooLarge());
        if (!request.HasJsonContentType())
        {
            return (null, TypedResults.Problem(title: "Send JSON.", detail: "The body must be application/json.",
                statusCode: StatusCodes.Status415UnsupportedMediaType));
        }
        // A body sent without a Content-Length (chunked) is read up to one byte past the cap.
        var buffer = new byte[MaxBodyBytes + 1];
        var length = 0;
        try
        {
            int read;
            while (length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length), ct)) > 0) length += read;
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge());
        }
        if (length > MaxBodyBytes) return (null, TooLarge());

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.AsMemory(0, length));
        }
        catch (JsonException)
        {
            return (null, Malformed("body", "The body is not valid JSON; send { \"status\": …, \"effectiveOn\": … }."));
        }
        using (document)
        {
            try
            {
                var options = request.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
                var body = document.Deserialize<StatusChangeRequest>(options);
                return body is null ? (null, Malformed("body", "The body is null; send { \"status\": …, \"effectiveOn\": … }.")) : (body, null);
            }
            catch (JsonException e)
            {
                // The path names the member of the wrong type ($.status → status).
                var field = e.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : "body";
                return (null, Malformed(field, "Expected an object of two strings: status and effectiveOn."));
            }
        }
    }

    private static StationStatus ParseStatus(string? value, Dictionary<string, string[]> errors)
    {
        if (DomainIds.TryParse(value, out StationStatus status) && RecordableStatuses.Contains(status)) return status;
        var allowed = string.Join(", ", RecordableStatuses.Select(s => DomainIds.Id(s)));
        errors[StationChangeResult.StatusField] = [value is null ? $"Required: one of {allowed}." : $"'{Shorten(value)}' is not one of {allowed}."];
        return default;
    }

    private static DateOnly ParseDate(string? value, Dictionary<string, string[]> errors)
    {
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        errors[StationChangeResult.EffectiveOnField] = [value is null ? "Required: a date (yyyy-MM-dd)." : $"'{Shorten(value)}' is not a date (yyyy-MM-dd)."];
        return default;
    }

    // What a caller sent is quoted back, but never more than a few characters of it.
    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";

    private static ProblemHttpResult Malformed(string field, string message) =>
        ApiFilter.Invalid(new Dictionary<string, string[]> { [field] = [message] });

    private static ProblemHttpResult TooLarge() =>
        TypedResults.Problem(title: "The body is too large.", detail: $"At most {MaxBodyBytes} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge);
}
