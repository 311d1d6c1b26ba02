using Coverage.Dashboard.Security;
using Coverage.Domain.Indicators;
using Coverage.Domain.Reports;
using Microsoft.AspNetCore.Mvc;

namespace Coverage.Dashboard.Endpoints;

/// <summary>The body of <c>POST /api/indicators/{id}/values</c>.</summary>
/// <param name="Scope">The province (<c>51</c>, the default) or a prefecture code (<c>5134</c>).</param>
/// <param name="Year">The year the value is for.</param>
/// <param name="Value">The value in the indicator's unit (persons: whole; percent: 0–100; milestone: 0 or 1).</param>
/// <param name="AsOf">The day it was measured (<c>yyyy-MM-dd</c>): not before its year began, not in the future.</param>
/// <param name="Source">Where it comes from (required, at most 256 characters); a source beginning "synthetic" marks a made-up value.</param>
/// <param name="Note">A note for the confirming province admin (at most 1,000 characters).</param>
public sealed record IndicatorValueRequest(string? Scope, int? Year, decimal? Value, string? AsOf, string? Source, string? Note);

/// <summary>A stored submission: its id and state (<c>pending</c>, or <c>confirmed</c> when a province admin entered it).</summary>
public sealed record IndicatorSubmissionCreated(long Id, ReportState State);

/// <summary>Indicator submissions the caller may see, newest first.</summary>
public sealed record IndicatorSubmissionList(int Count, IReadOnlyList<IndicatorSubmissionView> Items);

/// <summary>
/// Entering and confirming indicator values (规划指标) over HTTP, the report workflow's conventions: writes take a bearer token only,
/// 400 names each field and its rule id, 403 outside the role or scope (four eyes: rule <c>fourEyes</c>), 404 unknown, 409 decided
/// already or the value changed since, 413 over 8 KB. Every rule, the scope, four eyes and the audit live in <see cref="IIndicatorSubmissions"/>.
/// </summary>
public static class IndicatorEndpoints
{
    public const string Tag = "Indicators";

    private const string ValueShape = "{ \"scope\": \"51|5134\", \"year\": 2025, \"value\": n, \"asOf\": \"yyyy-MM-dd\", \"source\": …, \"note\": … }";
    private const string ConfirmShape = "{ \"comment\": … } or no body";
    private const string ReturnShape = "{ \"reason\": … }";

    public static IEndpointRouteBuilder MapIndicatorEndpoints(this IEndpointRouteBuilder app)
    {
        var writes = ReportEndpoints.WriteGroup(app, Tag);

        writes.MapPost("/indicators/{id}/values", SubmitAsync).WithName("SubmitIndicatorValue")
            .WithSummary("Enter a yearly indicator value (province admins: confirmed at once) or submit one's prefecture's value for confirmation (prefecture staff: pending).")
            .WithDescription("Body " + ValueShape + " (at most 8 KB). Answers 201 { id, state } with Location /api/indicator-submissions/{id}. A rule breach " +
                "answers 400 naming each field in errors and its rule id in 'rules' (unknownIndicator, unknownScope, valueRejected, effectiveInFuture, " +
                "sourceRequired, textTooLong, textCharacters); nothing is written. County staff, viewers and prefecture staff for another scope answer 403. " +
                "With an Idempotency-Key header a retried request with the same body answers the first result again (Idempotent-Replayed: true); " +
                "the same key with another body answers 422.")
            .Accepts<IndicatorValueRequest>("application/json")
            .Produces<IndicatorSubmissionCreated>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        writes.MapPost("/indicator-submissions/{id:long}/confirm", ConfirmAsync).WithName("ConfirmIndicatorSubmission")
            .WithSummary("Confirm a pending indicator value: it becomes the value the board counts (province admins; never its submitter).")
            .WithDescription("Optional body " + ConfirmShape + ". Answers 200 with the submission; 409 when it was already decided or the stored value changed since it was made.")
            .Accepts<ConfirmRequest>(isOptional: true, "application/json")
            .Produces<IndicatorSubmissionView>()
            .ProducesProblem(StatusCodes.Status409Conflict);

        writes.MapPost("/indicator-submissions/{id:long}/return", ReturnAsync).WithName("ReturnIndicatorSubmission")
            .WithSummary("Return a pending indicator value to its prefecture with a reason (province admins).")
            .WithDescription("Body " + ReturnShape + "; the reason is required (400, rule reasonRequired). Answers 200 with the submission; 409 when already decided.")
            .Accepts<ReturnRequest>("application/json")
            .Produces<IndicatorSubmissionView>()
            .ProducesProblem(StatusCodes.Status409Conflict);

        var reads = app.MapGroup("/api").WithTags(Tag)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        reads.MapGet("/indicator-submissions", ListAsync).WithName("IndicatorSubmissions")
            .WithSummary("Indicator submissions the caller may see, newest first: province admins all, prefecture staff their prefecture's; filter by state; limit 1–1000 (default 200).")
            .Produces<IndicatorSubmissionList>()
            .ProducesValidationProblem();

        reads.MapGet("/indicator-submissions/{id:long}", GetAsync).WithName("IndicatorSubmission")
            .WithSummary("One indicator submission with its decision.")
            .Produces<IndicatorSubmissionView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> SubmitAsync(string id, HttpContext context, [FromServices] IIndicatorSubmissions submissions,
        [FromServices] TimeProvider clock, [FromHeader(Name = ReportEndpoints.IdempotencyHeader)] string? idempotencyKey, CancellationToken ct)
    {
        if (ReportEndpoints.CheckKey(context.Request, idempotencyKey) is { } badKey) return badKey;
        var (body, problem) = await JsonBody.ReadAsync<IndicatorValueRequest>(context.Request, ReportEndpoints.MaxBodyBytes, ValueShape, ct);
        if (problem is not null) return problem;
        var errors = new Dictionary<string, string[]>();
        if (body!.Year is null) errors[IndicatorEntryRules.YearField] = ["A year is required."];
        if (body.Value is null) errors[IndicatorEntryRules.ValueField] = ["A value is required."];
        var asOf = JsonBody.Date(body.AsOf, IndicatorEntryRules.AsOfField, errors);
        if (errors.Count > 0) return ApiFilter.Invalid(errors);

        var draft = new IndicatorDraft(id, string.IsNullOrWhiteSpace(body.Scope) ? Indicator.Province : body.Scope.Trim(), body.Year!.Value, body.Value!.Value,
            asOf, body.Source, body.Note);
        var actor = context.User.ToActor()!;
        var submission = ReportEndpoints.Submission(idempotencyKey, $"POST /api/indicators/{id}/values", body);
        var result = await submissions.SubmitAsync(actor, draft, submission, ReportEndpoints.Ip(context), ct);
        if (result is not { Outcome: ReportOutcome.Created or ReportOutcome.Replayed, Submission: { } created })
            return ReportEndpoints.Refused(result.AsReportResult(), actor, clock);
        if (result.Outcome == ReportOutcome.Replayed) context.Response.Headers["Idempotent-Replayed"] = "true";
        return TypedResults.Created($"/api/indicator-submissions/{created.Id}", new IndicatorSubmissionCreated(created.Id, created.State));
    }

    private static async Task<IResult> ConfirmAsync(long id, HttpContext context, [FromServices] IIndicatorSubmissions submissions,
        [FromServices] TimeProvider clock, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<ConfirmRequest>(context.Request, ReportEndpoints.MaxBodyBytes, ConfirmShape, ct, optional: true);
        if (problem is not null) return problem;
        var actor = context.User.ToActor()!;
        return Decided(await submissions.ConfirmAsync(actor, id, body?.Comment, ReportEndpoints.Ip(context), ct), actor, clock);
    }

    private static async Task<IResult> ReturnAsync(long id, HttpContext context, [FromServices] IIndicatorSubmissions submissions,
        [FromServices] TimeProvider clock, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<ReturnRequest>(context.Request, ReportEndpoints.MaxBodyBytes, ReturnShape, ct, optional: true);
        if (problem is not null) return problem;
        var actor = context.User.ToActor()!;
        return Decided(await submissions.ReturnAsync(actor, id, body?.Reason, ReportEndpoints.Ip(context), ct), actor, clock);
    }

    private static IResult Decided(IndicatorResult result, Domain.Access.Actor actor, TimeProvider clock) =>
        result is { Outcome: ReportOutcome.Decided, Submission: { } decided } ? TypedResults.Ok(decided) : ReportEndpoints.Refused(result.AsReportResult(), actor, clock);

    private static async Task<IResult> ListAsync(HttpContext context, [FromServices] IIndicatorSubmissions submissions,
        [FromQuery(Name = "state")] string? state, [FromQuery(Name = "limit")] string? limit, CancellationToken ct)
    {
        if (ReportEndpoints.Reader(context) is not { } actor) return ReportEndpoints.NoReports();
        var errors = new Dictionary<string, string[]>();
        ReportState? only = string.IsNullOrWhiteSpace(state) ? null : JsonBody.Id(state, "state", Enum.GetValues<ReportState>(), errors);
        var take = ReportEndpoints.Whole(limit, "limit", ReportQuery.MaxLimit, errors) ?? ReportQuery.DefaultLimit;
        if (errors.Count > 0) return ApiFilter.Invalid(errors);
        var items = await submissions.ListAsync(actor, only, take, ct);
        return TypedResults.Ok(new IndicatorSubmissionList(items.Count, items));
    }

    private static async Task<IResult> GetAsync(long id, HttpContext context, [FromServices] IIndicatorSubmissions submissions, CancellationToken ct)
    {
        if (ReportEndpoints.Reader(context) is not { } actor) return ReportEndpoints.NoReports();
        return await submissions.GetAsync(actor, id, ct) is { } found
            ? TypedResults.Ok(found)
            : TypedResults.Problem(title: "No such submission.", detail: $"There is no indicator submission {id} you may see.", statusCode: StatusCodes.Status404NotFound);
    }
}
