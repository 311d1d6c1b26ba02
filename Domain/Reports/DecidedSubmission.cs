namespace Coverage.Domain.Reports;

/// <summary>
/// What every submission for confirmation shares — a station report and an indicator value alike: it is made pending by someone,
/// then confirmed (with an optional comment) or returned (with a reason) once, by someone else (four eyes); a direct record is
/// confirmed at once by its own author. The caller applies a confirmed submission in the same transaction.
/// </summary>
public abstract class DecidedSubmission
{
    public ReportState State { get; protected set; }
    /// <summary>Recorded directly by someone allowed to: submitted and confirmed at once by the same person.</summary>
    public bool Direct { get; private set; }
    public string SubmittedBy { get; protected set; } = "";
    public DateTimeOffset SubmittedAt { get; protected set; }
    public string? DecidedBy { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    /// <summary>The confirmer's optional comment, or the reason it was returned.</summary>
    public string? DecisionNote { get; private set; }
    /// <summary>The client's <c>Idempotency-Key</c>, unique per submitter: a retried submission returns this one.</summary>
    public string? IdempotencyKey { get; protected set; }
    /// <summary>A hash of what was submitted with <see cref="IdempotencyKey"/>, to refuse the key's reuse for another submission.</summary>
    public string? RequestHash { get; protected set; }

    /// <summary>
    /// Whether <paramref name="by"/> may decide it, or null: it must be pending, and nobody confirms their own — four eyes — unless
    /// it was recorded directly (<see cref="Direct"/>).
    /// </summary>
    public ReportRule? CannotDecide(string by) => State switch
    {
        not ReportState.Pending => ReportRule.AlreadyDecided,
        _ when !Direct && string.Equals(by, SubmittedBy, StringComparison.OrdinalIgnoreCase) => ReportRule.FourEyes,
        _ => null,
    };

    /// <summary>Marks it confirmed; the caller applies it in the same transaction.</summary>
    public void Confirm(string by, DateTimeOffset at, string? comment)
    {
        if (CannotDecide(by) is { } rule) throw new ReportRuleException(rule, ReportRules.Describe(rule));
        State = ReportState.Confirmed;
        DecidedBy = by;
        DecidedAt = at;
        DecisionNote = ReportRules.Clean(comment);
    }

    /// <summary>Sends it back with <paramref name="reason"/>; nothing is applied.</summary>
    public void Return(string by, DateTimeOffset at, string reason)
    {
        if (State != ReportState.Pending) throw new ReportRuleException(ReportRule.AlreadyDecided, ReportRules.Describe(ReportRule.AlreadyDecided));
        if (string.IsNullOrWhiteSpace(reason)) throw new ReportRuleException(ReportRule.ReasonRequired, ReportRules.Describe(ReportRule.ReasonRequired));
        State = ReportState.Returned;
        DecidedBy = by;
        DecidedAt = at;
        DecisionNote = ReportRules.Clean(reason);
    }

    /// <summary>Makes it a direct record: its author confirms it at once.</summary>
    public void ConfirmDirectly(DateTimeOffset at, string? comment)
    {
        Direct = true;
        Confirm(SubmittedBy, at, comment);
    }
}
