using Coverage.Domain.Stations;
using Microsoft.Extensions.Logging;

namespace Coverage.Infrastructure.Coverage;

/// <summary>A station change as pushed to screens and hub clients (one row of <c>station_events</c>).</summary>
public sealed record StationChangedMessage(
    long EventId,
    int StationId,
    string TownshipCode,
    string CountyCode,
    string PrefectureCode,
    StationStatus Status,
    BuildMode Mode,
    DateTimeOffset OccurredAt);

/// <summary>
/// One batch of changes applied to the snapshot. <see cref="Rebuilt"/> is true when the snapshot was rebuilt
/// from the database instead (start-up, or a gap too large to replay): subscribers should redraw everything.
/// </summary>
public sealed record CoverageUpdate(CoverageSnapshot Snapshot, IReadOnlyList<StationChangedMessage> Events, bool Rebuilt);

/// <summary>
/// The singleton every screen subscribes to. <see cref="Subscribe"/> returns the subscription; dispose it to
/// leave. Handlers run sequentially per publish, each isolated from the others' failures.
/// </summary>
public sealed partial class CoverageNotifier(ILogger<CoverageNotifier> logger)
{
    private readonly Lock _gate = new();
    private Func<CoverageUpdate, Task>[] _handlers = [];

    public int SubscriberCount => Volatile.Read(ref _handlers).Length;

    public IDisposable Subscribe(Func<CoverageUpdate, Task> handler)
    {
        lock (_gate) _handlers = [.. _handlers, handler];
        return new Subscription(this, handler);
    }

    public async Task PublishAsync(CoverageUpdate update)
    {
        foreach (var handler in Volatile.Read(ref _handlers))
        {
            try
            {
                await handler(update);
            }
            catch (Exception e)
            {
                LogHandlerFailed(logger, e);
            }
        }
    }

    private void Unsubscribe(Func<CoverageUpdate, Task> handler)
    {
        lock (_gate) _handlers = _handlers.Where(h => h != handler).ToArray();
    }

    private sealed class Subscription(CoverageNotifier owner, Func<CoverageUpdate, Task> handler) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) owner.Unsubscribe(handler);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A coverage subscriber failed to handle an update.")]
    private static partial void LogHandlerFailed(ILogger logger, Exception e);
}
