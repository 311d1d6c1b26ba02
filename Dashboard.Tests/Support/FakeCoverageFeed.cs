using Microsoft.Extensions.Logging.Abstractions;

namespace Coverage.Dashboard.Tests.Support;

/// <summary>An in-memory coverage feed for component and service tests that need no database: publish updates by hand.</summary>
public sealed class FakeCoverageFeed(CoverageSnapshot snapshot) : ICoverageFeed
{
    private readonly CoverageNotifier _notifier = new(NullLogger<CoverageNotifier>.Instance);

    public CoverageSnapshot Current { get; private set; } = snapshot;

    public Task Loaded => Task.CompletedTask;

    public bool IsUnavailable => false;

    public FeedHealth Health { get; set; } = new(Connected: true, LastEventAt: null, LastHeartbeatAt: null);

    public int SubscriberCount => _notifier.SubscriberCount;

    public IDisposable Subscribe(Func<CoverageUpdate, Task> handler) => _notifier.Subscribe(handler);

    public IDisposable SubscribeFirst(Func<CoverageUpdate, Task> handler) => _notifier.Subscribe(handler, PublishOrder.First);

    public IDisposable SubscribeAfterScreens(Func<CoverageUpdate, Task> handler) => _notifier.Subscribe(handler, PublishOrder.Last);

    public Task PublishAsync(CoverageUpdate update)
    {
        Current = update.Snapshot;
        return _notifier.PublishAsync(update);
    }
}
