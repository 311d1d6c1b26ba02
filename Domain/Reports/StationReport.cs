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
public sealed class StationReport : DecidedSubmission
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

    /// <summary>Links a confirmed proposal to the station it created.</summary>
    public void Created(int stationId)
    {
        if (Kind != ReportKind.Proposal) throw new InvalidOperationException("Only a proposal creates a station.");
        StationId = stationId;
    }
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
