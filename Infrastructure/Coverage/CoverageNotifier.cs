using Coverage.Domain.Coverage;
using Coverage.Infrastructure.Telemetry;
using Microsoft.Extensions.Logging;

namespace Coverage.Infrastructure.Coverage;

/// <summary>When a handler runs in each publish, relative to the others.</summary>
public enum PublishOrder
{
    /// <summary>Before every other handler: the walls, whose commit → pixel the design times.</summary>
    First,

    /// <summary>After the first ones: the other screens (and the node's own caches).</summary>
    Normal,

    /// <summary>After all the others: fan-out to many clients (the hub).</summary>
    Last,
}

/// <summary>
/// The singleton every screen subscribes to. <see cref="Subscribe"/> returns the subscription; dispose it to
/// leave. Handlers run sequentially per publish, each isolated from the others' failures, in <see cref="PublishOrder"/>:
/// the walls first, the other screens next, the hub's fan-out last. When the walls and then the other screens are done with a
/// change is recorded in <see cref="FeedMetrics"/> (<c>coverage.feed.handed</c>; the hub's part only queues the change for its
/// own loop, whose writes <c>coverage.hub.sent</c> times).
/// </summary>
public sealed partial class CoverageNotifier(ILogger<CoverageNotifier> logger, FeedMetrics? metrics = null)
{
    private readonly Lock _gate = new();
    private Func<CoverageUpdate, Task>[] _handlers = [];
    private int _firstCount;
    private int _lastCount;

    public int SubscriberCount => Volatile.Read(ref _handlers).Length;

    public IDisposable Subscribe(Func<CoverageUpdate, Task> handler, PublishOrder order = PublishOrder.Normal)
    {
        lock (_gate)
        {
            // One array in publish order: [first …][normal …][last …], each part in subscription order.
            var at = order switch
            {
                PublishOrder.First => _firstCount++,
                PublishOrder.Normal => _handlers.Length - _lastCount,
                _ => _handlers.Length,
            };
            if (order == PublishOrder.Last) _lastCount++;
            _handlers = [.. _handlers[..at], handler, .. _handlers[at..]];
        }
        return new Subscription(this, handler, order);
    }

    public async Task PublishAsync(CoverageUpdate update)
    {
        Func<CoverageUpdate, Task>[] handlers;
        int firstCount, lastCount;
        lock (_gate) (handlers, firstCount, lastCount) = (_handlers, _firstCount, _lastCount);
        var newest = update.Events.Count > 0 && metrics is not null ? update.Events[^1] : null;
        var screensFrom = firstCount;
        var hubFrom = handlers.Length - lastCount;
        for (var i = 0; i < handlers.Length; i++)
        {
            if (newest is not null && i == screensFrom) metrics!.Handed(newest, PublishOrder.First);
            if (newest is not null && i == hubFrom) metrics!.Handed(newest, PublishOrder.Normal);
            try
            {
                await handlers[i](update);
            }
            catch (Exception e)
            {
                LogHandlerFailed(logger, e);
            }
        }
        if (newest is not null && screensFrom == handlers.Length) metrics!.Handed(newest, PublishOrder.First);
        if (newest is not null && hubFrom == handlers.Length) metrics!.Handed(newest, PublishOrder.Normal);
    }

    private void Unsubscribe(Func<CoverageUpdate, Task> handler, PublishOrder order)
    {
        lock (_gate)
        {
            // The same handler may be subscribed more than once: remove one, from its own part of the array.
            var (from, to) = order switch
            {
                PublishOrder.First => (0, _firstCount),
                PublishOrder.Normal => (_firstCount, _handlers.Length - _lastCount),
                _ => (_handlers.Length - _lastCount, _handlers.Length),
            };
            var at = Array.IndexOf(_handlers, handler, from, to - from);
            if (at < 0) return;
            _handlers = [.. _handlers[..at], .. _handlers[(at + 1)..]];
            if (order == PublishOrder.First) _firstCount--;
            else if (order == PublishOrder.Last) _lastCount--;
        }
    }

    private sealed class Subscription(CoverageNotifier owner, Func<CoverageUpdate, Task> handler, PublishOrder order) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) owner.Unsubscribe(handler, order);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A coverage subscriber failed to handle an update.")]
    private static partial void LogHandlerFailed(ILogger logger, Exception e);
}
