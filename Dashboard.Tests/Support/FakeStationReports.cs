using Coverage.Domain.Divisions;
using Coverage.Domain.Reports;

namespace Coverage.Dashboard.Tests.Support;

/// <summary>
/// An in-memory <see cref="IStationReports"/> and <see cref="IReportNotices"/> for bUnit tests of the station pages only: it records
/// what the page sends and answers what the test sets. Integration and browser tests use the real service.
/// </summary>
public sealed class FakeStationReports : IStationReports, IReportNotices
{
    private readonly List<Func<ReportNotice, Task>> _handlers = [];

    public Dictionary<int, StationDetail> Stations { get; } = [];
    public Dictionary<int, List<StationHistoryEntry>> History { get; } = [];
    public List<ReportView> Reports { get; } = [];
    /// <summary>Each submission as the page sent it: station, draft, idempotency key, actor.</summary>
    public List<(int StationId, ReportDraft Draft, string? Key, Actor Actor)> Submitted { get; } = [];
    public List<(ProposalDraft Draft, string? Key, Actor Actor)> Proposed { get; } = [];
    /// <summary>The next answer to a submission or proposal; null: a new pending report (or confirmed, for a direct record).</summary>
    public Func<ReportResult>? Answer { get; set; }
    public Dictionary<string, int?> Townships { get; } = [];
    public int SubscriberCount => _handlers.Count;

    public Task<ReportResult> SubmitAsync(Actor actor, int stationId, ReportDraft draft, Submission? submission, string? ip, CancellationToken ct = default)
    {
        Submitted.Add((stationId, draft, submission?.IdempotencyKey, actor));
        var station = Stations[stationId];
        return Task.FromResult(Answer?.Invoke() ?? new ReportResult(ReportOutcome.Created, View(actor, station, draft)));
    }

    public Task<ReportResult> ProposeAsync(Actor actor, ProposalDraft draft, Submission? submission, string? ip, CancellationToken ct = default)
    {
        Proposed.Add((draft, submission?.IdempotencyKey, actor));
        var direct = actor.CanRecordChange(draft.TownshipCode);
        var report = new ReportView(Reports.Count + 100, ReportKind.Proposal, direct ? ReportState.Confirmed : ReportState.Pending, direct ? 900 : null,
            draft.Name ?? "新站", draft.TownshipCode, "", draft.TownshipCode[..6], "", draft.TownshipCode[..4], null, StationStatus.Planned,
            draft.Mode, draft.PlannedOn, 0, 0, StationServices.None, null, draft.Note, null, direct, actor.Name, DateTimeOffset.UnixEpoch,
            null, null, null);
        return Task.FromResult(Answer?.Invoke() ?? new ReportResult(ReportOutcome.Created, report));
    }

    public Task<ReportResult> ConfirmAsync(Actor actor, long reportId, string? comment, string? ip, CancellationToken ct = default) =>
        throw new NotSupportedException("The station pages do not confirm reports.");

    public Task<ReportResult> ReturnAsync(Actor actor, long reportId, string? reason, string? ip, CancellationToken ct = default) =>
        throw new NotSupportedException("The station pages do not return reports.");

    public Task<ReportView?> GetAsync(Actor actor, long reportId, CancellationToken ct = default) =>
        Task.FromResult(Reports.FirstOrDefault(r => r.Id == reportId));

    public Task<IReadOnlyList<ReportView>> ListAsync(Actor actor, ReportQuery query, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<ReportView>>(Reports.Where(r => query.StationId is null || r.StationId == query.StationId)
            .Where(r => actor.CanSeeReports(r.TownshipCode)).ToList());

    public Task<ReportCounts> CountAsync(Actor actor, CancellationToken ct = default) => Task.FromResult(new ReportCounts(0, 0));

    public Task<StationDetail?> StationAsync(int stationId, CancellationToken ct = default) => Task.FromResult(Stations.GetValueOrDefault(stationId));

    public Task<IReadOnlyList<StationHistoryEntry>> HistoryAsync(int stationId, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<StationHistoryEntry>>(History.GetValueOrDefault(stationId) ?? []);

    public Task<(bool Known, int? StationId)> TownshipStationAsync(string townshipCode, CancellationToken ct = default) =>
        Task.FromResult(Townships.TryGetValue(townshipCode, out var id) ? (true, id) : (false, (int?)null));

    public IDisposable Subscribe(Func<ReportNotice, Task> handler)
    {
        _handlers.Add(handler);
        return new Unsubscriber(() => _handlers.Remove(handler));
    }

    public async Task NotifyAsync(ReportNotice notice)
    {
        foreach (var handler in _handlers.ToList()) await handler(notice);
    }

    /// <summary>A station in 西昌市 (513401) as the station page's head shows it.</summary>
    public static StationDetail Detail(StationRecord station, int version = 3, string? updatedBy = "import:stations.csv") =>
        new(station, "安宁镇", "513401", "西昌市", "5134", "凉山彝族自治州", version, new DateTimeOffset(2026, 11, 1, 2, 0, 0, TimeSpan.Zero), updatedBy);

    public static StationRecord Station(StationStatus status, bool goneLive = true, int id = 5) => new(
        id, new TownshipCode("513401100000"), "安宁镇社会工作服务站", BuildMode.CivilAffairsInstitution, status, new DateOnly(2022, 1, 10),
        status == StationStatus.Planned ? null : new DateOnly(2022, 5, 1),
        status == StationStatus.Operating || status == StationStatus.Suspended && goneLive ? new DateOnly(2022, 12, 1) : null,
        status == StationStatus.Suspended ? new DateOnly(2024, 6, 1) : null, 3, 1, StationServices.Needs | StationServices.Assistance, "西昌市民政服务中心");

    private ReportView View(Actor actor, StationDetail station, ReportDraft draft)
    {
        var direct = actor.CanRecordChange(station.Station.TownshipCode.Value);
        return new ReportView(Reports.Count + 1, ReportKind.Change, direct ? ReportState.Confirmed : ReportState.Pending, station.Station.Id,
            station.Station.Name, station.Station.TownshipCode.Value, station.TownshipName, station.CountyCode, station.CountyName, station.PrefectureCode,
            station.Station.Status, draft.Status, null, draft.EffectiveOn, draft.SocialWorkers, draft.CertifiedSocialWorkers, draft.Services,
            draft.Operator, draft.Note, station.Version, direct, actor.Name, DateTimeOffset.UnixEpoch, direct ? actor.Name : null, null, null);
    }

    private sealed class Unsubscriber(Action leave) : IDisposable
    {
        public void Dispose() => leave();
    }
}
