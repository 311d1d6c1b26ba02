using Coverage.Domain.Access;
using Coverage.Domain.Stations;

namespace Coverage.Domain.Reports;

/// <summary>What became of a report request.</summary>
public enum ReportOutcome
{
    /// <summary>A new report was stored (pending, or confirmed at once when recorded directly).</summary>
    Created,
    /// <summary>The same <c>Idempotency-Key</c> was sent before with the same content: this is the first result, nothing new written.</summary>
    Replayed,
    /// <summary>The report was confirmed and applied, or returned — see the report's state.</summary>
    Decided,
    /// <summary>No such station, township or report (or none the actor may see).</summary>
    NotFound,
    /// <summary>The actor may not do this (role, scope, four eyes); nothing written but an audit row.</summary>
    Denied,
    /// <summary>A rule is broken; <see cref="ReportResult.Problems"/> names field and rule. Nothing written.</summary>
    Invalid,
    /// <summary>The station changed since the report was made, or the report was decided meanwhile. Nothing written.</summary>
    Conflict,
    /// <summary>The <c>Idempotency-Key</c> was used before for a different submission. Nothing written.</summary>
    KeyReused,
}

/// <summary>Who changed a station last and when, for a conflict's message (该站点已于…被…更新).</summary>
public sealed record StationChangedSince(int Version, DateTimeOffset UpdatedAt, string? UpdatedBy);

/// <summary>The outcome of a report request: the report as stored, or why not.</summary>
public sealed record ReportResult(
    ReportOutcome Outcome,
    ReportView? Report = null,
    IReadOnlyList<ReportProblem>? Problems = null,
    string? Error = null,
    ReportRule? Rule = null,
    StationChangedSince? Changed = null)
{
    public bool Succeeded => Outcome is ReportOutcome.Created or ReportOutcome.Replayed or ReportOutcome.Decided;

    public static ReportResult NotFound(string error) => new(ReportOutcome.NotFound, Error: error);
    public static ReportResult Denied(string error, ReportRule? rule = null) => new(ReportOutcome.Denied, Error: error, Rule: rule);
    public static ReportResult Invalid(IReadOnlyList<ReportProblem> problems) =>
        new(ReportOutcome.Invalid, Problems: problems, Error: string.Join(" ", problems.Select(p => $"{p.Field}: {p.Message}")));
}

/// <summary>A report as the inbox, the station page and the API show it: the stored fields plus the names of its places.</summary>
public sealed record ReportView(
    long Id,
    ReportKind Kind,
    ReportState State,
    int? StationId,
    string StationName,
    string TownshipCode,
    string TownshipName,
    string CountyCode,
    string CountyName,
    string PrefectureCode,
    StationStatus? PreviousStatus,
    StationStatus Status,
    BuildMode? Mode,
    DateOnly EffectiveOn,
    int SocialWorkers,
    int CertifiedSocialWorkers,
    StationServices Services,
    string? Operator,
    string? Note,
    int? StationVersion,
    bool Direct,
    string SubmittedBy,
    DateTimeOffset SubmittedAt,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    string? DecisionNote);

/// <summary>Which reports to list: all filters optional; the actor's scope always applies on top.</summary>
public sealed record ReportQuery(
    ReportState? State = null,
    string? PrefectureCode = null,
    string? CountyCode = null,
    int? StationId = null,
    string? SubmittedBy = null,
    int Limit = ReportQuery.DefaultLimit)
{
    public const int DefaultLimit = 200;
    public const int MaxLimit = 1000;
}

/// <summary>The inbox badge: reports waiting for this actor (pending ones it may decide, or its county's returned ones).</summary>
public sealed record ReportCounts(int Pending, int Returned)
{
    /// <summary>What needs the actor's attention: pending reports for a decider, returned ones for a county.</summary>
    public int Attention { get; init; }
}

/// <summary>One station with where it is and its version: the station page's head.</summary>
public sealed record StationDetail(
    StationRecord Station,
    string TownshipName,
    string CountyCode,
    string CountyName,
    string PrefectureCode,
    string PrefectureName,
    int Version,
    DateTimeOffset UpdatedAt,
    string? UpdatedBy);

/// <summary>
/// One entry of a station's history: an event from <c>station_events</c> (a change of status or build mode, whoever made it) with
/// its author — a user, <c>import:&lt;file&gt;</c>, <c>demo:…</c> or <c>sql:&lt;database role&gt;</c> — and the report it came from.
/// </summary>
public sealed record StationHistoryEntry(
    long EventId,
    DateTimeOffset OccurredAt,
    StationStatus? PreviousStatus,
    StationStatus Status,
    BuildMode Mode,
    string? Actor,
    long? ReportId,
    string? SubmittedBy,
    string? ConfirmedBy,
    DateOnly? EffectiveOn);

/// <summary>
/// The reporting workflow (报送): counties report, prefectures confirm or return, prefecture and province users record directly.
/// The one write path of a station's reported fields: scope, rules, four eyes, version check, the station's own methods and the
/// audit row all happen here, in one transaction per request. Reads are scoped to what the actor may see.
/// </summary>
public interface IStationReports
{
    /// <summary>
    /// A report on station <paramref name="stationId"/>: pending when a county user submits it; confirmed at once when a prefecture
    /// (in scope) or province user records it. A repeated <see cref="Submission.IdempotencyKey"/> returns the first result.
    /// </summary>
    Task<ReportResult> SubmitAsync(Actor actor, int stationId, ReportDraft draft, Submission? submission, string? ip, CancellationToken ct = default);

    /// <summary>A proposal of a new station for a township without one; pending for a county, confirmed at once for a prefecture or province user.</summary>
    Task<ReportResult> ProposeAsync(Actor actor, ProposalDraft draft, Submission? submission, string? ip, CancellationToken ct = default);

    /// <summary>Confirms and applies a pending report (prefecture in scope, or a province admin; never the submitter).</summary>
    Task<ReportResult> ConfirmAsync(Actor actor, long reportId, string? comment, string? ip, CancellationToken ct = default);

    /// <summary>Returns a pending report to its county with a reason.</summary>
    Task<ReportResult> ReturnAsync(Actor actor, long reportId, string? reason, string? ip, CancellationToken ct = default);

    /// <summary>One report, if the actor may see it.</summary>
    Task<ReportView?> GetAsync(Actor actor, long reportId, CancellationToken ct = default);

    /// <summary>Reports in the actor's scope, newest first.</summary>
    Task<IReadOnlyList<ReportView>> ListAsync(Actor actor, ReportQuery query, CancellationToken ct = default);

    /// <summary>The inbox badge's counts for the actor.</summary>
    Task<ReportCounts> CountAsync(Actor actor, CancellationToken ct = default);

    /// <summary>One station with its places and version, or null.</summary>
    Task<StationDetail?> StationAsync(int stationId, CancellationToken ct = default);

    /// <summary>The station's events, newest first, with their authors and reports.</summary>
    Task<IReadOnlyList<StationHistoryEntry>> HistoryAsync(int stationId, CancellationToken ct = default);

    /// <summary>Whether the township has a station (its id), and whether the township exists at all.</summary>
    Task<(bool Known, int? StationId)> TownshipStationAsync(string townshipCode, CancellationToken ct = default);
}

/// <summary>A report was submitted or decided somewhere (any node): screens refresh their counts and lists.</summary>
public sealed record ReportNotice(long ReportId, string CountyCode, ReportState State);

/// <summary>Live report notices for the inbox badge and the inbox; subscribe returns the handle that ends it.</summary>
public interface IReportNotices
{
    IDisposable Subscribe(Func<ReportNotice, Task> handler);
}

/// <summary>Who may do what with reports (the rules <see cref="IStationReports"/> enforces).</summary>
public static class ReportAccess
{
    /// <summary>Confirm or return a report on this township: a province admin anywhere, prefecture staff in their prefecture.</summary>
    public static bool CanDecide(this Actor actor, string townshipCode) => actor.CanRecordChange(townshipCode);

    /// <summary>See reports on this township: every user role in scope (viewers and province admins everywhere); displays never.</summary>
    public static bool CanSeeReports(this Actor actor, string townshipCode) =>
        !actor.IsDisplay && actor.Role is not null && (actor.Scope.IsProvince || actor.Scope.Covers(townshipCode));

    /// <summary>Whether the actor works with reports at all (the inbox): county and prefecture staff, province admins.</summary>
    public static bool UsesInbox(this Actor actor) => actor.Role is Role.CountyStaff or Role.PrefectureStaff or Role.ProvinceAdmin;
}
