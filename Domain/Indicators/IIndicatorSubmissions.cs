using Coverage.Domain.Access;
using Coverage.Domain.Reports;

namespace Coverage.Domain.Indicators;

/// <summary>A yearly value as entered on the board or sent to the API: which indicator, scope and year, the value, when and where from.</summary>
public sealed record IndicatorDraft(string IndicatorId, string Scope, int Year, decimal Value, DateOnly AsOf, string? Source, string? Note);

/// <summary>What a stored value looked like when a submission was made: a confirmation checks it has not changed since.</summary>
public sealed record IndicatorValueStamp(decimal Value, DateOnly AsOf, string Source);

/// <summary>A submission as the board and the API show it.</summary>
public sealed record IndicatorSubmissionView(
    long Id,
    string IndicatorId,
    string Scope,
    int Year,
    decimal Value,
    DateOnly AsOf,
    string Source,
    bool Synthetic,
    string? Note,
    ReportState State,
    bool Direct,
    string SubmittedBy,
    DateTimeOffset SubmittedAt,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    string? DecisionNote)
{
    public static IndicatorSubmissionView Of(IndicatorSubmission s) => new(s.Id, s.IndicatorId, s.Scope, s.Year, s.Value, s.AsOf, s.Source,
        s.Synthetic, s.Note, s.State, s.Direct, s.SubmittedBy, s.SubmittedAt, s.DecidedBy, s.DecidedAt, s.DecisionNote);
}

/// <summary>The outcome of an indicator value request: the submission as stored, or why not (the report workflow's outcomes and rules).</summary>
public sealed record IndicatorResult(
    ReportOutcome Outcome,
    IndicatorSubmissionView? Submission = null,
    IReadOnlyList<ReportProblem>? Problems = null,
    string? Error = null,
    ReportRule? Rule = null)
{
    public bool Succeeded => Outcome is ReportOutcome.Created or ReportOutcome.Replayed or ReportOutcome.Decided;

    /// <summary>The same outcome in the report workflow's shape (for the shared problem answers).</summary>
    public ReportResult AsReportResult() => new(Outcome, null, Problems, Error, Rule);

    public static IndicatorResult From(ReportResult r) => new(r.Outcome, null, r.Problems, r.Error, r.Rule);
}

/// <summary>
/// Entering and confirming indicator values: a province admin enters (confirmed at once), prefecture staff submit their prefecture's
/// (pending), a province admin confirms or returns. Scope, rules, four eyes, the value check and the audit row happen here, in one
/// transaction per request; a confirmed value replaces the stored one for its indicator, scope and year.
/// </summary>
public interface IIndicatorSubmissions
{
    /// <summary>
    /// Enters (province admin: confirmed at once) or submits (prefecture staff, own prefecture: pending) a value. A repeated
    /// <see cref="Submission.IdempotencyKey"/> answers the first result (<see cref="ReportOutcome.Replayed"/>).
    /// </summary>
    Task<IndicatorResult> SubmitAsync(Actor actor, IndicatorDraft draft, Submission? submission, string? ip, CancellationToken ct = default);

    Task<IndicatorResult> ConfirmAsync(Actor actor, long id, string? comment, string? ip, CancellationToken ct = default);

    Task<IndicatorResult> ReturnAsync(Actor actor, long id, string? reason, string? ip, CancellationToken ct = default);

    /// <summary>Submissions the actor may see, newest first; <paramref name="state"/> narrows them.</summary>
    Task<IReadOnlyList<IndicatorSubmissionView>> ListAsync(Actor actor, ReportState? state, int limit = ReportQuery.DefaultLimit, CancellationToken ct = default);

    Task<IndicatorSubmissionView?> GetAsync(Actor actor, long id, CancellationToken ct = default);
}

/// <summary>An indicator value or submission changed somewhere (any node, or an import): open boards load the values again.</summary>
public interface IIndicatorNotices
{
    IDisposable Subscribe(Func<Task> handler);
}
