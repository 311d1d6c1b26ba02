using Coverage.Domain.Reports;

namespace Coverage.Dashboard.Tests.Support;

/// <summary>
/// An in-memory report workflow for component tests: it holds report views, lists them by the actor's scope and the query as the
/// real service does, counts them for the badge, and answers decisions with what a test scripts (by default: decided).
/// </summary>
public sealed class FakeReportInbox : IStationReports
{
    private readonly List<ReportView> _reports = [];
    private readonly Lock _gate = new();

    /// <summary>What a confirm or return answers; null: the report is decided as asked.</summary>
    public Func<ReportView, ReportResult>? Answer { get; set; }

    /// <summary>Runs after a decision is stored and before it is answered, like the notice the real service's commit sends.</summary>
    public Func<Task>? WhileDeciding { get; set; }

    /// <summary>Completed by the next list query.</summary>
    public TaskCompletionSource? NextList { get; set; }

    public List<ReportQuery> Queries { get; } = [];
    public List<(string Action, long Id, string? Text, string Actor)> Decisions { get; } = [];
    public int CountCalls { get; private set; }

    public ReportView Add(long id, string township = "513401100000", ReportState state = ReportState.Pending, string submittedBy = "county@test.local",
        ReportKind kind = ReportKind.Change, string? decisionNote = null)
    {
        var county = township[..6];
        var view = new ReportView(id, kind, state, kind == ReportKind.Change ? (int)id : null, $"站点{id}", township, $"乡镇{id}", county,
            county == "513401" ? "西昌市" : "锦江区", county[..4], kind == ReportKind.Change ? StationStatus.UnderConstruction : null,
            kind == ReportKind.Change ? StationStatus.Operating : StationStatus.Planned, kind == ReportKind.Proposal ? BuildMode.ExistingVenue : null,
            new DateOnly(2026, 11, 1), 5, 2, StationServices.Needs | StationServices.Care, "运营机构", "说明", 3, false, submittedBy,
            new DateTimeOffset(2026, 11, 2, 1, 0, 0, TimeSpan.Zero).AddMinutes(id), state == ReportState.Pending ? null : "prefecture@test.local",
            state == ReportState.Pending ? null : new DateTimeOffset(2026, 11, 3, 1, 0, 0, TimeSpan.Zero), decisionNote);
        lock (_gate) _reports.Add(view);
        return view;
    }

    public Task<IReadOnlyList<ReportView>> ListAsync(Actor actor, ReportQuery query, CancellationToken ct = default)
    {
        lock (_gate)
        {
            Queries.Add(query);
            NextList?.TrySetResult();
            IReadOnlyList<ReportView> list = _reports
                .Where(r => actor.CanSeeReports(r.TownshipCode) && (query.State is null || r.State == query.State)
                    && (query.PrefectureCode is null || r.PrefectureCode == query.PrefectureCode)
                    && (query.CountyCode is null || r.CountyCode == query.CountyCode))
                .OrderByDescending(r => r.SubmittedAt).Take(query.Limit).ToList();
            return Task.FromResult(list);
        }
    }

    public Task<ReportCounts> CountAsync(Actor actor, CancellationToken ct = default)
    {
        lock (_gate)
        {
            CountCalls++;
            var pending = _reports.Count(r => r.State == ReportState.Pending && actor.CanSeeReports(r.TownshipCode));
            var returned = _reports.Count(r => r.State == ReportState.Returned && actor.CanSeeReports(r.TownshipCode));
            return Task.FromResult(new ReportCounts(pending, returned) { Attention = actor.Role == Role.CountyStaff ? returned : pending });
        }
    }

    public Task<ReportResult> ConfirmAsync(Actor actor, long reportId, string? comment, string? ip, CancellationToken ct = default) =>
        AnswerAsync(Decide("confirm", actor, reportId, comment, ReportState.Confirmed));

    public Task<ReportResult> ReturnAsync(Actor actor, long reportId, string? reason, string? ip, CancellationToken ct = default) =>
        AnswerAsync(Decide("return", actor, reportId, reason, ReportState.Returned));

    private async Task<ReportResult> AnswerAsync(ReportResult result)
    {
        if (WhileDeciding is { } meanwhile) await meanwhile();
        return result;
    }

    /// <summary>Replaces a stored report (e.g. decided elsewhere).</summary>
    public void Replace(ReportView view)
    {
        lock (_gate) _reports[_reports.FindIndex(r => r.Id == view.Id)] = view;
    }

    private ReportResult Decide(string action, Actor actor, long id, string? text, ReportState state)
    {
        lock (_gate)
        {
            Decisions.Add((action, id, text, actor.Name));
            var i = _reports.FindIndex(r => r.Id == id);
            if (i < 0) return ReportResult.NotFound("no such report");
            if (Answer?.Invoke(_reports[i]) is { } scripted) return scripted;
            _reports[i] = _reports[i] with { State = state, DecidedBy = actor.Name, DecidedAt = DateTimeOffset.UnixEpoch, DecisionNote = text };
            return new ReportResult(ReportOutcome.Decided, _reports[i]);
        }
    }

    public Task<ReportResult> SubmitAsync(Actor actor, int stationId, ReportDraft draft, Submission? submission, string? ip, CancellationToken ct = default) =>
        throw new NotSupportedException();

    public Task<ReportResult> ProposeAsync(Actor actor, ProposalDraft draft, Submission? submission, string? ip, CancellationToken ct = default) =>
        throw new NotSupportedException();

    public Task<ReportView?> GetAsync(Actor actor, long reportId, CancellationToken ct = default) =>
        throw new NotSupportedException();

    public Task<StationDetail?> StationAsync(int stationId, CancellationToken ct = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<StationHistoryEntry>> HistoryAsync(int stationId, CancellationToken ct = default) => throw new NotSupportedException();

    public Task<(bool Known, int? StationId)> TownshipStationAsync(string townshipCode, CancellationToken ct = default) =>
        throw new NotSupportedException();
}
