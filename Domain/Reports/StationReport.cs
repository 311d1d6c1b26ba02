using Coverage.Domain.Stations;

namespace Coverage.Domain.Reports;

/// <summary>Where a report stands (ids: <c>pending</c>, <c>confirmed</c>, <c>returned</c>).</summary>
public enum ReportState
{
    /// <summary>待审核: submitted by a county, waiting for its prefecture (or a province admin).</summary>
    Pending,
    /// <summary>已确认: applied to the station.</summary>
    Confirmed,
    /// <summary>已退回: sent back with a reason; nothing applied.</summary>
    Returned,
}

/// <summary>What a report asks for (ids: <c>change</c>, <c>proposal</c>).</summary>
public enum ReportKind
{
    /// <summary>报送: a change to an existing station — status with its effective date, staff, services, operator.</summary>
    Change,
    /// <summary>新建申请: a new Planned station for a township that has none.</summary>
    Proposal,
}

/// <summary>
/// A report (报送) of a station's progress, or a proposal of a new station. A county submits it as <see cref="ReportState.Pending"/>;
/// its prefecture or a province admin confirms it (then it is applied to the station, in the same transaction) or returns it with a
/// reason. A change a prefecture or province user records directly is a report confirmed at once by its author
/// (<see cref="Direct"/>). Each report remembers the station version it was made against, so a report on a station that changed
/// since cannot be applied blindly.
/// </summary>
public sealed class StationReport
{
    private StationReport() { }

    public long Id { get; private set; }
    public ReportKind Kind { get; private set; }
    /// <summary>The station reported on; for a proposal, the station created when it is confirmed.</summary>
    public int? StationId { get; private set; }
    public string TownshipCode { get; private set; } = "";
    public string CountyCode { get; private set; } = "";
    public string PrefectureCode { get; private set; } = "";
    /// <summary>The station's status when the report was made (null for a proposal).</summary>
    public StationStatus? PreviousStatus { get; private set; }
    public StationStatus Status { get; private set; }
    /// <summary>The build mode of a proposed station (null for a change).</summary>
    public BuildMode? Mode { get; private set; }
    /// <summary>The name of a proposed station (null for a change).</summary>
    public string? StationName { get; private set; }
    public DateOnly EffectiveOn { get; private set; }
    public int SocialWorkers { get; private set; }
    public int CertifiedSocialWorkers { get; private set; }
    public StationServices Services { get; private set; }
    public string? Operator { get; private set; }
    public string? Note { get; private set; }
    /// <summary>The station's version the report was made against (null for a proposal).</summary>
    public int? StationVersion { get; private set; }
    public ReportState State { get; private set; }
    /// <summary>Recorded directly by a prefecture or province user: submitted and confirmed at once by the same person.</summary>
    public bool Direct { get; private set; }
    public string SubmittedBy { get; private set; } = "";
    public DateTimeOffset SubmittedAt { get; private set; }
    public string? DecidedBy { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    /// <summary>The confirmer's optional comment, or the reason a report was returned.</summary>
    public string? DecisionNote { get; private set; }
    /// <summary>The client's <c>Idempotency-Key</c>, unique per submitter: a retried submission returns this report.</summary>
    public string? IdempotencyKey { get; private set; }
    /// <summary>A hash of what was submitted with <see cref="IdempotencyKey"/>, to refuse the key's reuse for another report.</summary>
    public string? RequestHash { get; private set; }

    /// <summary>A pending report on <paramref name="station"/> (already checked with <see cref="ReportRules.CheckChange"/>).</summary>
    public static StationReport ForStation(StationRecord station, int stationVersion, string countyCode, ReportDraft draft, string by,
        DateTimeOffset at, Submission? submission = null) => new()
    {
        Kind = ReportKind.Change,
        StationId = station.Id,
        TownshipCode = station.TownshipCode.Value,
        CountyCode = countyCode,
        PrefectureCode = countyCode[..4],
        PreviousStatus = station.Status,
        Status = draft.Status,
        EffectiveOn = draft.EffectiveOn,
        SocialWorkers = draft.SocialWorkers,
        CertifiedSocialWorkers = draft.CertifiedSocialWorkers,
        Services = draft.Services,
        Operator = ReportRules.Clean(draft.Operator),
        Note = ReportRules.Clean(draft.Note),
        StationVersion = stationVersion,
        State = ReportState.Pending,
        SubmittedBy = by,
        SubmittedAt = at,
        IdempotencyKey = submission?.IdempotencyKey,
        RequestHash = submission?.RequestHash,
    };

    /// <summary>A pending proposal of a new station (already checked with <see cref="ReportRules.CheckProposal"/>).</summary>
    public static StationReport Propose(string countyCode, ProposalDraft draft, string defaultName, string by, DateTimeOffset at,
        Submission? submission = null) => new()
    {
        Kind = ReportKind.Proposal,
        TownshipCode = draft.TownshipCode,
        CountyCode = countyCode,
        PrefectureCode = countyCode[..4],
        Status = StationStatus.Planned,
        Mode = draft.Mode,
        StationName = ReportRules.Clean(draft.Name) ?? defaultName,
        EffectiveOn = draft.PlannedOn,
        Note = ReportRules.Clean(draft.Note),
        State = ReportState.Pending,
        SubmittedBy = by,
        SubmittedAt = at,
        IdempotencyKey = submission?.IdempotencyKey,
        RequestHash = submission?.RequestHash,
    };

    /// <summary>
    /// Whether <paramref name="by"/> may confirm this report: it must be pending, and nobody confirms their own report — four eyes —
    /// unless it was recorded directly (<see cref="Direct"/>), which only a prefecture or province user does. Null when allowed.
    /// </summary>
    public ReportRule? CannotDecide(string by) => DecisionRules.CannotDecide(State, Direct, SubmittedBy, by);

    /// <summary>Marks the report confirmed; the caller applies it to the station in the same transaction.</summary>
    public void Confirm(string by, DateTimeOffset at, string? comment)
    {
        if (CannotDecide(by) is { } rule) throw new ReportRuleException(rule, ReportRules.Describe(rule));
        State = ReportState.Confirmed;
        DecidedBy = by;
        DecidedAt = at;
        DecisionNote = ReportRules.Clean(comment);
    }

    /// <summary>Sends the report back with <paramref name="reason"/>; nothing is applied.</summary>
    public void Return(string by, DateTimeOffset at, string reason)
    {
        if (State != ReportState.Pending) throw new ReportRuleException(ReportRule.AlreadyDecided, ReportRules.Describe(ReportRule.AlreadyDecided));
        if (string.IsNullOrWhiteSpace(reason)) throw new ReportRuleException(ReportRule.ReasonRequired, ReportRules.Describe(ReportRule.ReasonRequired));
        State = ReportState.Returned;
        DecidedBy = by;
        DecidedAt = at;
        DecisionNote = ReportRules.Clean(reason);
    }

    /// <summary>Makes this report a direct record: its author confirms it at once.</summary>
    public void ConfirmDirectly(DateTimeOffset at, string? comment)
    {
        Direct = true;
        Confirm(SubmittedBy, at, comment);
    }

    /// <summary>Links a confirmed proposal to the station it created.</summary>
    public void Created(int stationId)
    {
        if (Kind != ReportKind.Proposal) throw new InvalidOperationException("Only a proposal creates a station.");
        StationId = stationId;
    }
}

/// <summary>The decision rules every submission for confirmation keeps (station reports and indicator values alike).</summary>
public static class DecisionRules
{
    /// <summary>
    /// Why <paramref name="by"/> may not decide a submission in <paramref name="state"/> made by <paramref name="submittedBy"/>, or null:
    /// only a pending one is decided, and nobody confirms their own (four eyes) unless it was recorded directly.
    /// </summary>
    public static ReportRule? CannotDecide(ReportState state, bool direct, string submittedBy, string by) => state switch
    {
        not ReportState.Pending => ReportRule.AlreadyDecided,
        _ when !direct && string.Equals(by, submittedBy, StringComparison.OrdinalIgnoreCase) => ReportRule.FourEyes,
        _ => null,
    };
}

/// <summary>What a client sent along with a submission to make retries safe.</summary>
public sealed record Submission(string? IdempotencyKey, string? RequestHash);

/// <summary>A report's content: the station's new status (or its current one, for staff or services alone) and the rest.</summary>
public sealed record ReportDraft(
    StationStatus Status,
    DateOnly EffectiveOn,
    int SocialWorkers,
    int CertifiedSocialWorkers,
    StationServices Services,
    string? Operator,
    string? Note);

/// <summary>A proposal of a new station: the township, its build mode, the planning date, optionally a name, and a note.</summary>
public sealed record ProposalDraft(string TownshipCode, BuildMode Mode, DateOnly PlannedOn, string? Name, string? Note);

public sealed class ReportRuleException(ReportRule rule, string message) : Exception(message)
{
    public ReportRule Rule { get; } = rule;
}
