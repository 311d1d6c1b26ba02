using Coverage.Domain.Coverage;
using Coverage.Infrastructure.Data;

namespace Coverage.Infrastructure.Coverage;

/// <summary>
/// This node's live coverage as screens and endpoints see it: the snapshot the change feed keeps, its updates
/// and its health, behind the Domain's <see cref="ICoverageFeed"/> so that nothing outside Infrastructure needs
/// to know how it is loaded.
/// </summary>
public sealed class CoverageFeed(CoverageSnapshotStore store, CoverageNotifier notifier, DatabaseStatus database, ChangeFeedStatus status)
    : ICoverageFeed
{
    public CoverageSnapshot Current => store.Current;

    public Task Loaded => store.Loaded;

    public bool IsUnavailable => database.State is not (DatabaseState.Ready or DatabaseState.Starting);

    public FeedHealth Health => new(status.Connected, status.LastEventAt, status.LastHeartbeatAt);

    public IDisposable Subscribe(Func<CoverageUpdate, Task> handler) => notifier.Subscribe(handler);

    public IDisposable SubscribeFirst(Func<CoverageUpdate, Task> handler) => notifier.Subscribe(handler, PublishOrder.First);

    public IDisposable SubscribeAfterScreens(Func<CoverageUpdate, Task> handler) => notifier.Subscribe(handler, PublishOrder.Last);
}
