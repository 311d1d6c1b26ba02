using Coverage.Domain.Access;
using Coverage.Domain.Reports;

namespace Coverage.Domain.Indicators;

/// <summary>A yearly value as entered on the board or sent to the API: which indicator, scope and year, the value, when and where from.</summary>
public sealed record IndicatorDraft(string IndicatorId, string Scope, int Year, decimal Value, DateOnly AsOf, string? Source, string? Note);

/// <summary>What a stored value looked like when a submission was made: a confirmation checks it has not changed since.</summary>
public sealed record IndicatorValueStamp(decimal Value, DateOnly AsOf, string Source);

/// <summary>
/// A yearly indicator value submitted for confirmation (报送), the same workflow as a station report: prefecture staff submit their
/// prefecture's value as <see cref="ReportState.Pending"/>; a province admin confirms it (then it becomes the value the board counts,
/// in the same transaction) or returns it with a reason. A value a province admin enters is a submission confirmed at once by its
/// author (<see cref="Direct"/>). Each submission remembers the value it replaces, so one confirmed over a newer value is refused.
/// </summary>
public sealed class IndicatorSubmission : DecidedSubmission
{
    private IndicatorSubmission() { }

    public long Id { get; private set; }
    public string IndicatorId { get; private set; } = "";
    /// <summary><see cref="Indicator.Province"/> or a prefecture code.</summary>
    public string Scope { get; private set; } = "";
    public int Year { get; private set; }
    public decimal Value { get; private set; }
    public DateOnly AsOf { get; private set; }
    public string Source { get; private set; } = "";
    /// <summary>The source begins with "synthetic": a made-up value, labelled on screen (as the import marks them).</summary>
    public bool Synthetic { get; private set; }
    public string? Note { get; private set; }
    /// <summary>The value stored for the indicator, scope and year when the submission was made (null: none).</summary>
    public decimal? PreviousValue { get; private set; }
    public DateOnly? PreviousAsOf { get; private set; }
    public string? PreviousSource { get; private set; }

    /// <summary>The stamp of the value this submission replaces, or null when there was none.</summary>
    public IndicatorValueStamp? Previous =>
        PreviousValue is { } v && PreviousAsOf is { } on ? new IndicatorValueStamp(v, on, PreviousSource ?? "") : null;

    /// <summary>A pending submission (already checked with <see cref="IndicatorEntryRules.Check"/>).</summary>
    public static IndicatorSubmission Submit(IndicatorDraft draft, IndicatorValueStamp? previous, string by, DateTimeOffset at)
    {
        var source = ReportRules.Clean(draft.Source) ?? "";
        return new()
        {
            IndicatorId = draft.IndicatorId,
            Scope = draft.Scope,
            Year = draft.Year,
            Value = draft.Value,
            AsOf = draft.AsOf,
            Source = source,
            Synthetic = IndicatorEntryRules.IsSynthetic(source),
            Note = ReportRules.Clean(draft.Note),
            PreviousValue = previous?.Value,
            PreviousAsOf = previous?.AsOf,
            PreviousSource = previous?.Source,
            State = ReportState.Pending,
            SubmittedBy = by,
            SubmittedAt = at,
        };
    }

    /// <summary>The value the board counts once this is confirmed.</summary>
    public IndicatorValue ToValue() => new(IndicatorId, Scope, Year, Value, AsOf, Source, Synthetic);
}

/// <summary>
/// The rules an entered value keeps, checked before anything is written (the form shows them next to the field; the API answers 400
/// naming field and rule): a known, entered (not station-derived) indicator; the province or a known prefecture; a value
/// <see cref="IndicatorRules.Validate"/> accepts (the same rule the import applies); an as-of date not in the future; a source.
/// </summary>
public static class IndicatorEntryRules
{
    public const string IndicatorIdField = "indicatorId";
    public const string ScopeField = "scope";
    public const string YearField = "year";
    public const string ValueField = "value";
    public const string AsOfField = "asOf";
    public const string SourceField = "source";
    public const string NoteField = ReportRules.NoteField;

    /// <summary>The longest source (the column's length).</summary>
    public const int MaxSourceLength = 256;

    /// <summary>A source beginning with this marks a made-up value (as in the import's files).</summary>
    public const string SyntheticPrefix = "synthetic";

    public static bool IsSynthetic(string source) => source.StartsWith(SyntheticPrefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Every rule <paramref name="draft"/> breaks. <paramref name="indicator"/> is the stored indicator with the draft's id (null: none);
    /// <paramref name="scopeKnown"/> whether the scope is the province or a prefecture the dashboard knows.
    /// </summary>
    public static IReadOnlyList<ReportProblem> Check(Indicator? indicator, IndicatorDraft draft, bool scopeKnown, DateOnly today)
    {
        var problems = new List<ReportProblem>();
        if (indicator is null || indicator.Derived != DerivedIndicator.None)
        {
            problems.Add(new(IndicatorIdField, ReportRule.UnknownIndicator, indicator is null
                ? $"There is no indicator {ReportRules.Shorten(draft.IndicatorId)}."
                : $"{indicator.Id} is computed from the stations and cannot be entered."));
        }
        if (!scopeKnown) problems.Add(new(ScopeField, ReportRule.UnknownScope, $"{ReportRules.Shorten(draft.Scope)} is neither the province (51) nor a known prefecture."));
        if (draft.AsOf > today)
            problems.Add(new(AsOfField, ReportRule.EffectiveInFuture, $"{ReportRules.Day(draft.AsOf)} is in the future (today is {ReportRules.Day(today)})."));
        if (indicator is not null && IndicatorRules.Validate(indicator, draft.ToValue()) is { } reason)
        {
            var field = reason.StartsWith("year", StringComparison.Ordinal) ? YearField
                : reason.StartsWith("measured", StringComparison.Ordinal) ? AsOfField : ValueField;
            problems.Add(new(field, ReportRule.ValueRejected, reason));
        }
        var source = draft.Source?.Trim();
        if (string.IsNullOrEmpty(source)) problems.Add(new(SourceField, ReportRule.SourceRequired, ReportRules.Describe(ReportRule.SourceRequired)));
        else ReportRules.CheckText(SourceField, source, MaxSourceLength, problems);
        ReportRules.CheckText(NoteField, draft.Note, ReportRules.MaxNoteLength, problems);
        return problems;
    }

    private static IndicatorValue ToValue(this IndicatorDraft d) => new(d.IndicatorId, d.Scope, d.Year, d.Value, d.AsOf, d.Source ?? "", false);

}

/// <summary>Who may enter, submit and decide indicator values (the rules <see cref="IIndicatorSubmissions"/> enforces).</summary>
public static class IndicatorAccess
{
    /// <summary>Enter a value directly (confirmed at once): a province admin, for any scope.</summary>
    public static bool CanEnterIndicator(this Actor actor) => actor is { IsDisplay: false, Role: Role.ProvinceAdmin };

    /// <summary>Submit a value for confirmation: prefecture staff, for their own prefecture only.</summary>
    public static bool CanSubmitIndicator(this Actor actor, string scope) =>
        actor is { IsDisplay: false, Role: Role.PrefectureStaff } && actor.Scope.Code == scope;

    /// <summary>Confirm or return a submitted value: a province admin (never the submitter: four eyes).</summary>
    public static bool CanDecideIndicator(this Actor actor) => actor.CanEnterIndicator();

    /// <summary>See submissions for this scope: province admins all; prefecture staff their prefecture's.</summary>
    public static bool CanSeeIndicatorSubmissions(this Actor actor, string scope) =>
        actor.CanEnterIndicator() || actor is { IsDisplay: false, Role: Role.PrefectureStaff } && actor.Scope.Code == scope;
}

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
    public bool Succeeded => Outcome is ReportOutcome.Created or ReportOutcome.Decided;

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
    /// <summary>Enters (province admin: confirmed at once) or submits (prefecture staff, own prefecture: pending) a value.</summary>
    Task<IndicatorResult> SubmitAsync(Actor actor, IndicatorDraft draft, string? ip, CancellationToken ct = default);

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
