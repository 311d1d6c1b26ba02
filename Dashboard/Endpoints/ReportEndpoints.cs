using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Coverage.Dashboard.Security;
using Coverage.Domain.Access;
using Coverage.Domain.Divisions;
using Coverage.Domain.Reports;
using Coverage.Domain.Stations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Coverage.Dashboard.Endpoints;

/// <summary>The body of <c>POST /api/stations/{id}/reports</c>; a member left out keeps the station's current value (effectiveOn is required).</summary>
/// <param name="Status">The status reported: <c>planned</c>, <c>underConstruction</c>, <c>operating</c> or <c>suspended</c> (the current one for staff or services alone).</param>
/// <param name="EffectiveOn">The day it took effect (<c>yyyy-MM-dd</c>): today or earlier, never before the station's latest date.</param>
/// <param name="SocialWorkers">Social workers at the station, 0–500.</param>
/// <param name="CertifiedSocialWorkers">Of them, with the national certificate: no more than <paramref name="SocialWorkers"/>.</param>
/// <param name="Services">The six services offered, by id: needs, resources, assistance, care, governance, industry.</param>
/// <param name="Operator">The operating organisation (at most 128 characters; "" clears it).</param>
/// <param name="Note">A note for the confirming prefecture (at most 1,000 characters).</param>
public sealed record ReportRequest(string? Status, string? EffectiveOn, int? SocialWorkers, int? CertifiedSocialWorkers, string[]? Services,
    string? Operator, string? Note);

/// <summary>The body of <c>POST /api/townships/{code}/proposals</c>.</summary>
/// <param name="Mode">The build mode (<c>existingVenue</c>, <c>countySelfBuilt</c>, …; see <c>/api/summary</c>).</param>
/// <param name="PlannedOn">The planning date (<c>yyyy-MM-dd</c>), today or earlier.</param>
/// <param name="Name">The station's name (default: the township's name + 社会工作服务站).</param>
/// <param name="Note">A note for the confirming prefecture.</param>
public sealed record ProposalRequest(string? Mode, string? PlannedOn, string? Name, string? Note);

/// <summary>The optional body of <c>POST /api/reports/{id}/confirm</c>.</summary>
/// <param name="Comment">The confirmer's comment (at most 1,000 characters).</param>
public sealed record ConfirmRequest(string? Comment);

/// <summary>The body of <c>POST /api/reports/{id}/return</c>.</summary>
/// <param name="Reason">Why the report goes back to its county (required, at most 1,000 characters).</param>
public sealed record ReturnRequest(string? Reason);

/// <summary>A stored report: its id and state (<c>pending</c>, or <c>confirmed</c> when recorded directly).</summary>
public sealed record ReportCreated(long Id, ReportState State);

/// <summary>Reports in the caller's scope, newest first (at most <c>limit</c>).</summary>
public sealed record ReportList(int Count, IReadOnlyList<ReportView> Items);

/// <summary>A station's version, its last change and its events, newest first.</summary>
public sealed record StationHistory(int StationId, int Version, DateTimeOffset UpdatedAt, string? UpdatedBy, IReadOnlyList<StationHistoryEntry> Items);

/// <summary>
/// The reporting workflow (报送) over HTTP: county users submit reports and proposals, prefecture users (and province admins)
/// confirm or return them or record changes directly; everyone signed in reads reports and station histories. Every rule, the
/// scope, four eyes, the version check and the audit live in <see cref="IStationReports"/>; these endpoints read and check the
/// JSON, and turn each <see cref="ReportOutcome"/> into a status code and a problem that names the field and the rule.
/// Writes take a bearer token only (<see cref="StationChangeEndpoints.BearerOnly"/>); display links read no reports.
/// </summary>
public static class ReportEndpoints
{
    public const string Tag = "Reports";

    /// <summary>The largest body accepted: a 1,000-character note escaped as \uXXXX still fits.</summary>
    public const int MaxBodyBytes = 8 * 1024;

    /// <summary>The <c>Idempotency-Key</c> header: 1–100 visible ASCII characters.</summary>
    public const string IdempotencyHeader = "Idempotency-Key";
    public const int MaxIdempotencyKeyLength = 100;

    /// <summary>The extension of a 400 problem naming each field's broken rule (<c>rules: { effectiveOn: "effectiveInFuture" }</c>).</summary>
    public const string RulesExtension = "rules";

    private const string ReportShape = "{ \"status\": …, \"effectiveOn\": \"yyyy-MM-dd\", \"socialWorkers\": n, \"certifiedSocialWorkers\": n, \"services\": [ids], \"operator\": …, \"note\": … }";
    private const string ProposalShape = "{ \"mode\": …, \"plannedOn\": \"yyyy-MM-dd\", \"name\": …, \"note\": … }";
    private const string ConfirmShape = "{ \"comment\": … } or no body";
    private const string ReturnShape = "{ \"reason\": … }";

    private static readonly JsonSerializerOptions CanonicalJson = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapReportEndpoints(this IEndpointRouteBuilder app)
    {
        var writes = WriteGroup(app, Tag);

        writes.MapPost("/stations/{id:int}/reports", SubmitAsync).WithName("SubmitReport")
            .WithSummary("Report a station's progress (county staff: pending; prefecture staff in scope and province admins: recorded directly, confirmed at once).")
            .WithDescription("Body " + ReportShape + " (at most 8 KB); a member left out keeps the station's current value, effectiveOn is required. " +
                "Answers 201 { id, state } with Location /api/reports/{id}. A rule breach answers 400 naming each field in errors and its rule id in " +
                "'rules' (transitionNotAllowed, nothingToReport, effectiveInFuture, effectiveBeforeLast, staffOutOfRange, certifiedExceedsStaff, " +
                "unknownService, textTooLong, textCharacters); nothing is written. With an Idempotency-Key header (1–100 visible ASCII characters) a " +
                "retried request with the same body answers the first result again (header Idempotent-Replayed: true); the same key with another body answers 422.")
            .Accepts<ReportRequest>("application/json")
            .Produces<ReportCreated>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        writes.MapPost("/townships/{code}/proposals", ProposeAsync).WithName("ProposeStation")
            .WithSummary("Propose a new (planned) station for a township that has none (county staff: pending; prefecture staff and province admins: confirmed at once).")
            .WithDescription("Body " + ProposalShape + ". Answers 201 { id, state } like a report, with the same Idempotency-Key handling; a township " +
                "that already has a station answers 400 (rule townshipHasStation), an unknown township 404.")
            .Accepts<ProposalRequest>("application/json")
            .Produces<ReportCreated>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        writes.MapPost("/reports/{id:long}/confirm", ConfirmAsync).WithName("ConfirmReport")
            .WithSummary("Confirm a pending report and apply it to its station (prefecture staff in scope, province admins; never its submitter).")
            .WithDescription("Optional body " + ConfirmShape + ". Applied in one transaction; answers 200 with the report. A report already decided, " +
                "or on a station that changed since it was made, answers 409 saying when and by whom; nothing is applied.")
            .Accepts<ConfirmRequest>(isOptional: true, "application/json")
            .Produces<ReportView>()
            .ProducesProblem(StatusCodes.Status409Conflict);

        writes.MapPost("/reports/{id:long}/return", ReturnAsync).WithName("ReturnReport")
            .WithSummary("Return a pending report to its county with a reason (prefecture staff in scope, province admins).")
            .WithDescription("Body " + ReturnShape + "; the reason is required (400, rule reasonRequired). Answers 200 with the report; 409 when it was already decided.")
            .Accepts<ReturnRequest>("application/json")
            .Produces<ReportView>()
            .ProducesProblem(StatusCodes.Status409Conflict);

        var reads = app.MapGroup("/api").WithTags(Tag)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        reads.MapGet("/reports", ListAsync).WithName("Reports")
            .WithSummary("Reports in the caller's scope, newest first: filter by state (pending, confirmed, returned), prefecture, county, station, submittedBy; limit 1–1000 (default 200).")
            .WithDescription("Signed-in users only (session cookie or bearer token); a display link answers 403. County staff see their county's reports, " +
                "prefecture staff their prefecture's, viewers and province admins all.")
            .Produces<ReportList>()
            .ProducesValidationProblem();

        reads.MapGet("/reports/{id:long}", GetAsync).WithName("Report")
            .WithSummary("One report, with its station's places, its submitter and its decision.")
            .Produces<ReportView>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        reads.MapGet("/stations/{id:int}/history", HistoryAsync).WithName("StationHistory")
            .WithSummary("A station's version and its events, newest first: time, from → to, who (a user, import:<file>, sql:<role>) and the report it came from.")
            .WithDescription("Signed-in users only; a display link answers 403.")
            .Produces<StationHistory>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>The writes' group under <c>/api</c>: a bearer token only, and the problems every write may answer.</summary>
    internal static RouteGroupBuilder WriteGroup(IEndpointRouteBuilder app, string tag) =>
        app.MapGroup("/api").WithTags(tag).RequireAuthorization(StationChangeEndpoints.BearerOnly)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesValidationProblem();

    // ── Writes ───────────────────────────────────────────────────────────────────────────────────────────────────────────

    private static async Task<IResult> SubmitAsync(int id, HttpContext context, [FromServices] IStationReports reports, [FromServices] TimeProvider clock,
        [FromHeader(Name = IdempotencyHeader)] string? idempotencyKey, CancellationToken ct)
    {
        if (CheckKey(context.Request, idempotencyKey) is { } badKey) return badKey;
        var (body, problem) = await JsonBody.ReadAsync<ReportRequest>(context.Request, MaxBodyBytes, ReportShape, ct);
        if (problem is not null) return problem;

        var errors = new Dictionary<string, string[]>();
        var rules = new Dictionary<string, ReportRule>();
        var status = body!.Status is null ? (StationStatus?)null : JsonBody.Id(body.Status, ReportRules.StatusField, DomainIds.Statuses, errors);
        var effectiveOn = JsonBody.Date(body.EffectiveOn, ReportRules.EffectiveOnField, errors);
        var services = ParseServices(body.Services, errors, rules);
        if (errors.Count > 0) return Invalid(errors, rules);

        if (await reports.StationAsync(id, ct) is not { Station: var station })
            return TypedResults.Problem(title: "No such station.", detail: $"There is no station with id {id}.", statusCode: StatusCodes.Status404NotFound);
        var draft = new ReportDraft(status ?? station.Status, effectiveOn, body.SocialWorkers ?? station.SocialWorkers,
            body.CertifiedSocialWorkers ?? station.CertifiedSocialWorkers, services ?? station.Services, body.Operator ?? station.Operator, body.Note);
        var submission = Submission(idempotencyKey, $"POST /api/stations/{id}/reports", body with { Services = body.Services?.Order(StringComparer.Ordinal).ToArray() });
        var actor = context.User.ToActor()!;
        return Created(await reports.SubmitAsync(actor, id, draft, submission, Ip(context), ct), actor, context, clock);
    }

    private static async Task<IResult> ProposeAsync(string code, HttpContext context, [FromServices] IStationReports reports, [FromServices] TimeProvider clock,
        [FromHeader(Name = IdempotencyHeader)] string? idempotencyKey, CancellationToken ct)
    {
        if (CheckKey(context.Request, idempotencyKey) is { } badKey) return badKey;
        var (body, problem) = await JsonBody.ReadAsync<ProposalRequest>(context.Request, MaxBodyBytes, ProposalShape, ct);
        if (problem is not null) return problem;

        var errors = new Dictionary<string, string[]>();
        var rules = new Dictionary<string, ReportRule>();
        var mode = JsonBody.Id(body!.Mode, ReportRules.ModeField, DomainIds.Modes, errors);
        if (errors.ContainsKey(ReportRules.ModeField)) rules[ReportRules.ModeField] = ReportRule.ModeRequired;
        var plannedOn = JsonBody.Date(body.PlannedOn, ReportRules.EffectiveOnField, errors);
        if (errors.Remove(ReportRules.EffectiveOnField, out var dateError)) errors["plannedOn"] = dateError;
        if (errors.Count > 0) return Invalid(errors, rules);

        if (!TownshipCode.TryParse(code, out _) || !(await reports.TownshipStationAsync(code, ct)).Known)
            return TypedResults.Problem(title: "No such township.", detail: $"There is no township {JsonBody.Shorten(code)}.", statusCode: StatusCodes.Status404NotFound);
        var draft = new ProposalDraft(code, mode, plannedOn, body.Name, body.Note);
        var submission = Submission(idempotencyKey, $"POST /api/townships/{code}/proposals", body);
        var actor = context.User.ToActor()!;
        return Created(await reports.ProposeAsync(actor, draft, submission, Ip(context), ct), actor, context, clock);
    }

    private static async Task<IResult> ConfirmAsync(long id, HttpContext context, [FromServices] IStationReports reports, [FromServices] TimeProvider clock, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<ConfirmRequest>(context.Request, MaxBodyBytes, ConfirmShape, ct, optional: true);
        if (problem is not null) return problem;
        if (ReportRules.CheckDecision(ReportRules.CommentField, body?.Comment, required: false) is { Count: > 0 } problems) return Invalid(problems);
        var actor = context.User.ToActor()!;
        return Decided(await reports.ConfirmAsync(actor, id, body?.Comment, Ip(context), ct), actor, clock);
    }

    private static async Task<IResult> ReturnAsync(long id, HttpContext context, [FromServices] IStationReports reports, [FromServices] TimeProvider clock, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<ReturnRequest>(context.Request, MaxBodyBytes, ReturnShape, ct, optional: true);
        if (problem is not null) return problem;
        if (ReportRules.CheckDecision(ReportRules.ReasonField, body?.Reason, required: true) is { Count: > 0 } problems) return Invalid(problems);
        var actor = context.User.ToActor()!;
        return Decided(await reports.ReturnAsync(actor, id, body!.Reason, Ip(context), ct), actor, clock);
    }

    // ── Reads ────────────────────────────────────────────────────────────────────────────────────────────────────────────

    private static async Task<IResult> ListAsync(HttpContext context, [FromServices] IStationReports reports,
        [FromQuery(Name = "state")] string? state, [FromQuery(Name = "prefecture")] string? prefecture, [FromQuery(Name = "county")] string? county,
        [FromQuery(Name = "station")] string? station, [FromQuery(Name = "submittedBy")] string? submittedBy,
        [FromQuery(Name = "limit")] string? limit, CancellationToken ct)
    {
        if (Reader(context) is not { } actor) return NoReports();
        var errors = new Dictionary<string, string[]>();
        var query = new ReportQuery(
            State: string.IsNullOrWhiteSpace(state) ? null : JsonBody.Id(state, "state", Enum.GetValues<ReportState>(), errors),
            PrefectureCode: Code(prefecture, "prefecture", PrefectureCode.IsValid, "a 4-digit prefecture code", errors),
            CountyCode: Code(county, "county", CountyCode.IsValid, "a 6-digit county code", errors),
            StationId: Whole(station, "station", int.MaxValue, errors),
            SubmittedBy: string.IsNullOrWhiteSpace(submittedBy) ? null : submittedBy.Trim(),
            Limit: Whole(limit, "limit", ReportQuery.MaxLimit, errors) ?? ReportQuery.DefaultLimit);
        if (errors.Count > 0) return ApiFilter.Invalid(errors);
        var items = await reports.ListAsync(actor, query, ct);
        return TypedResults.Ok(new ReportList(items.Count, items));
    }

    private static async Task<IResult> GetAsync(long id, HttpContext context, [FromServices] IStationReports reports, CancellationToken ct)
    {
        if (Reader(context) is not { } actor) return NoReports();
        return await reports.GetAsync(actor, id, ct) is { } report ? TypedResults.Ok(report) : NoSuchReport(id);
    }

    private static async Task<IResult> HistoryAsync(int id, HttpContext context, [FromServices] IStationReports reports, CancellationToken ct)
    {
        if (Reader(context) is null) return NoReports();
        if (await reports.StationAsync(id, ct) is not { } detail)
            return TypedResults.Problem(title: "No such station.", detail: $"There is no station with id {id}.", statusCode: StatusCodes.Status404NotFound);
        var events = await reports.HistoryAsync(id, ct);
        return TypedResults.Ok(new StationHistory(id, detail.Version, detail.UpdatedAt, detail.UpdatedBy, events));
    }

    // ── Outcomes ─────────────────────────────────────────────────────────────────────────────────────────────────────────

    /// <summary>201 with <c>{ id, state }</c> and its Location for a new or replayed report; otherwise the outcome's problem.</summary>
    private static IResult Created(ReportResult result, Actor actor, HttpContext context, TimeProvider clock)
    {
        if (result.Outcome is not (ReportOutcome.Created or ReportOutcome.Replayed) || result.Report is not { } report)
            return Refused(result, actor, clock);
        if (result.Outcome == ReportOutcome.Replayed) context.Response.Headers["Idempotent-Replayed"] = "true";
        return TypedResults.Created($"/api/reports/{report.Id}", new ReportCreated(report.Id, report.State));
    }

    private static IResult Decided(ReportResult result, Actor actor, TimeProvider clock) =>
        result.Outcome == ReportOutcome.Decided && result.Report is { } report ? TypedResults.Ok(report) : Refused(result, actor, clock);

    /// <summary>The problem for an outcome that wrote nothing.</summary>
    internal static IResult Refused(ReportResult result, Actor actor, TimeProvider clock) => result.Outcome switch
    {
        ReportOutcome.NotFound => TypedResults.Problem(title: "Not found.", detail: result.Error, statusCode: StatusCodes.Status404NotFound),
        ReportOutcome.Invalid => Invalid(result.Problems ?? []),
        ReportOutcome.Denied => Denied(result, actor),
        ReportOutcome.Conflict => Conflict(result, clock),
        ReportOutcome.KeyReused => TypedResults.Problem(title: "This Idempotency-Key was used for another request.",
            detail: result.Error ?? "The key was sent before with a different body; send a new key for a new report. Nothing was written.",
            statusCode: StatusCodes.Status422UnprocessableEntity),
        _ => throw new InvalidOperationException($"Unexpected report outcome {result.Outcome}."),
    };

    private static ProblemHttpResult Denied(ReportResult result, Actor actor)
    {
        var detail = $"You are {actor.Name} ({(actor.Role is { } role ? DomainIds.Id(role) : "display")}, scope {actor.Scope}): {result.Error?.TrimEnd('.')}. Nothing was written.";
        if (result.Rule is not { } rule) return ApiFilter.OutsideScope(actor.Scope, detail);
        return TypedResults.Problem(title: rule == ReportRule.FourEyes ? "Four eyes: nobody confirms their own report." : "Not allowed.", detail: detail,
            statusCode: StatusCodes.Status403Forbidden,
            extensions: new Dictionary<string, object?> { ["scope"] = actor.Scope.ToString(), ["rule"] = DomainIds.Id(rule) });
    }

    /// <summary>409: the station changed since the report was made (when, by whom, 该站点已于…被…更新), or the report was decided meanwhile.</summary>
    private static ProblemHttpResult Conflict(ReportResult result, TimeProvider clock)
    {
        var rule = result.Rule ?? (result.Changed is null ? ReportRule.AlreadyDecided : ReportRule.StationChanged);
        var extensions = new Dictionary<string, object?> { ["rule"] = DomainIds.Id(rule) };
        string detail;
        if (result.Changed is { } changed)
        {
            var at = TimeZoneInfo.ConvertTime(changed.UpdatedAt, clock.LocalTimeZone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            var by = changed.UpdatedBy ?? "?";
            detail = $"The station was changed at {at} by {by} (now version {changed.Version}) after this report was made; check it and submit again. " +
                $"该站点已于{at}被{by}更新，请核对后重新提交。Nothing was applied.";
            extensions["changedAt"] = changed.UpdatedAt;
            extensions["changedBy"] = changed.UpdatedBy;
            extensions["version"] = changed.Version;
        }
        else
        {
            detail = (result.Error ?? ReportRules.Describe(rule)) + " Nothing was applied.";
            if (result.Report is { } report)
            {
                extensions["state"] = DomainIds.Id(report.State);
                extensions["decidedBy"] = report.DecidedBy;
                extensions["decidedAt"] = report.DecidedAt;
            }
        }
        return TypedResults.Problem(title: "Conflict.", detail: detail, statusCode: StatusCodes.Status409Conflict, extensions: extensions);
    }

    /// <summary>400: each field's messages in <c>errors</c>, and its rule id in <c>rules</c>.</summary>
    internal static ProblemHttpResult Invalid(IReadOnlyList<ReportProblem> problems)
    {
        var errors = problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray());
        var rules = problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.First().Rule);
        return Invalid(errors, rules);
    }

    internal static ProblemHttpResult Invalid(Dictionary<string, string[]> errors, Dictionary<string, ReportRule> rules)
    {
        var problem = new HttpValidationProblemDetails(errors)
        {
            Title = "The report breaks a rule; nothing was written.",
            Status = StatusCodes.Status400BadRequest,
        };
        problem.Extensions[RulesExtension] = rules.ToDictionary(r => r.Key, r => DomainIds.Id(r.Value));
        return TypedResults.Problem(problem);
    }

    // ── Parsing ──────────────────────────────────────────────────────────────────────────────────────────────────────────

    /// <summary>
    /// 400 when the <c>Idempotency-Key</c> is sent empty, twice, longer than 100 characters or not visible ASCII; null when it is
    /// absent or fine. (<paramref name="bound"/> is the header as bound for the OpenAPI document; an empty header binds as null.)
    /// </summary>
    internal static ProblemHttpResult? CheckKey(HttpRequest request, string? bound)
    {
        var sent = request.Headers[IdempotencyHeader];
        if (sent.Count == 0) return null;
        if (sent.Count == 1 && bound is { Length: > 0 and <= MaxIdempotencyKeyLength } key && key == sent[0] && key.All(c => c is > ' ' and <= '~')) return null;
        return ApiFilter.Invalid(new Dictionary<string, string[]>
        {
            [IdempotencyHeader] = [$"An Idempotency-Key is one header of 1 to {MaxIdempotencyKeyLength} visible ASCII characters (e.g. a UUID)."],
        });
    }

    /// <summary>The submission to remember with the key: the SHA-256 of the request as sent (route and body, whitespace and member order aside).</summary>
    internal static Submission? Submission<T>(string? key, string route, T body)
    {
        if (key is null) return null;
        var canonical = JsonSerializer.SerializeToUtf8Bytes(new { route, body }, CanonicalJson);
        return new Submission(key, Convert.ToHexStringLower(SHA256.HashData(canonical)));
    }

    private static StationServices? ParseServices(string[]? ids, Dictionary<string, string[]> errors, Dictionary<string, ReportRule> rules)
    {
        if (ids is null) return null;
        var services = StationServices.None;
        foreach (var id in ids)
        {
            if (DomainIds.TryParse(id, out StationServices one) && one is not (StationServices.None or StationServices.All))
            {
                services |= one;
                continue;
            }
            errors[ReportRules.ServicesField] = [$"'{JsonBody.Shorten(id ?? "null")}' is not one of {string.Join(", ", DomainIds.Services.Select(s => DomainIds.Id(s)))}."];
            rules[ReportRules.ServicesField] = ReportRule.UnknownService;
            return null;
        }
        return services;
    }

    private static string? Code(string? value, string name, Func<string, bool> valid, string what, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (valid(value.Trim())) return value.Trim();
        errors[name] = [$"'{JsonBody.Shorten(value)}' is not {what}."];
        return null;
    }

    internal static int? Whole(string? value, string name, int max, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= max) return n;
        errors[name] = [$"'{JsonBody.Shorten(value)}' is not a whole number from 1 to {max}."];
        return null;
    }

    /// <summary>The signed-in user who may read reports; null for a display link (reports and histories name people).</summary>
    internal static Actor? Reader(HttpContext context) => context.User.ToActor() is { IsDisplay: false, Role: not null } actor ? actor : null;

    internal static ProblemHttpResult NoReports() =>
        TypedResults.Problem(title: "Not for display links.", detail: "A display link shows the wall; reports and station histories need a user's sign-in or token.",
            statusCode: StatusCodes.Status403Forbidden);

    private static ProblemHttpResult NoSuchReport(long id) =>
        TypedResults.Problem(title: "No such report.", detail: $"There is no report {id} in your scope.", statusCode: StatusCodes.Status404NotFound);

    internal static string? Ip(HttpContext context) => context.Connection.RemoteIpAddress?.ToString();
}
