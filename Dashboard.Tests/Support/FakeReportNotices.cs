using Coverage.Domain.Reports;

namespace Coverage.Dashboard.Tests.Support;

/// <summary>Report notices published by hand, for component tests.</summary>
public sealed class FakeReportNotices : IReportNotices
{
    private readonly List<Func<ReportNotice, Task>> _handlers = [];
    private readonly Lock _gate = new();

    public int SubscriberCount
    {
        get { lock (_gate) return _handlers.Count; }
    }

    public IDisposable Subscribe(Func<ReportNotice, Task> handler)
    {
        lock (_gate) _handlers.Add(handler);
        return new Subscription(() => { lock (_gate) _handlers.Remove(handler); });
    }

    public async Task PublishAsync(ReportNotice notice)
    {
        Func<ReportNotice, Task>[] handlers;
        lock (_gate) handlers = [.. _handlers];
        foreach (var handler in handlers) await handler(notice);
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
