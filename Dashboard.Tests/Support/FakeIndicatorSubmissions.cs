using Coverage.Domain.Indicators;
using Coverage.Domain.Reports;

namespace Coverage.Dashboard.Tests.Support;

/// <summary>
/// An in-memory indicator value workflow for component tests: it records what was sent, answers Created (pending for prefecture
/// staff, confirmed for a province admin) unless <see cref="Answer"/> says otherwise, and lets a test announce a change.
/// </summary>
public sealed class FakeIndicatorSubmissions : IIndicatorSubmissions, IIndicatorNotices
{
    private readonly List<Func<Task>> _handlers = [];

    public List<(Actor Actor, IndicatorDraft Draft, string? Key)> Submitted { get; } = [];
    public List<IndicatorSubmissionView> Items { get; } = [];
    public List<(long Id, bool Confirmed, string? Text)> Decisions { get; } = [];
    public Func<IndicatorResult>? Answer { get; set; }

    public Task<IndicatorResult> SubmitAsync(Actor actor, IndicatorDraft draft, Submission? submission, string? ip, CancellationToken ct = default)
    {
        Submitted.Add((actor, draft, submission?.IdempotencyKey));
        if (Answer is { } answer) return Task.FromResult(answer());
        var direct = actor.CanEnterIndicator();
        var view = new IndicatorSubmissionView(Submitted.Count, draft.IndicatorId, draft.Scope, draft.Year, draft.Value, draft.AsOf, draft.Source ?? "",
            false, draft.Note, direct ? ReportState.Confirmed : ReportState.Pending, direct, actor.Name, DateTimeOffset.UnixEpoch, null, null, null);
        Items.Insert(0, view);
        return Task.FromResult(new IndicatorResult(ReportOutcome.Created, view));
    }

    public Task<IndicatorResult> ConfirmAsync(Actor actor, long id, string? comment, string? ip, CancellationToken ct = default) =>
        DecideAsync(actor, id, comment, ReportState.Confirmed);

    public Task<IndicatorResult> ReturnAsync(Actor actor, long id, string? reason, string? ip, CancellationToken ct = default) =>
        DecideAsync(actor, id, reason, ReportState.Returned);

    private Task<IndicatorResult> DecideAsync(Actor actor, long id, string? text, ReportState state)
    {
        Decisions.Add((id, state == ReportState.Confirmed, text));
        var i = Items.FindIndex(s => s.Id == id);
        if (i < 0) return Task.FromResult(new IndicatorResult(ReportOutcome.NotFound));
        Items[i] = Items[i] with { State = state, DecidedBy = actor.Name, DecisionNote = text };
        return Task.FromResult(new IndicatorResult(ReportOutcome.Decided, Items[i]));
    }

    public Task<IReadOnlyList<IndicatorSubmissionView>> ListAsync(Actor actor, ReportState? state, int limit = ReportQuery.DefaultLimit, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<IndicatorSubmissionView>>([.. Items.Where(s => state is null || s.State == state).Take(limit)]);

    public Task<IndicatorSubmissionView?> GetAsync(Actor actor, long id, CancellationToken ct = default) =>
        Task.FromResult(Items.FirstOrDefault(s => s.Id == id));

    public IDisposable Subscribe(Func<Task> handler)
    {
        lock (_handlers) _handlers.Add(handler);
        return new Unsubscriber(() => { lock (_handlers) _handlers.Remove(handler); });
    }

    /// <summary>Announces a change, as the change feed does when a value is written anywhere.</summary>
    public async Task AnnounceAsync()
    {
        Func<Task>[] handlers;
        lock (_handlers) handlers = [.. _handlers];
        foreach (var handler in handlers) await handler();
    }

    private sealed class Unsubscriber(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
