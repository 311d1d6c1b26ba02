using Coverage.Domain.Coverage;
using Microsoft.Extensions.Logging;

namespace Coverage.Infrastructure.Coverage;

/// <summary>
/// The singleton every screen subscribes to. <see cref="Subscribe"/> returns the subscription; dispose it to
/// leave. Handlers run sequentially per publish, each isolated from the others' failures; those subscribed as
/// <c>last</c> (the hub's fan-out) after all the others.
/// </summary>
public sealed partial class CoverageNotifier(ILogger<CoverageNotifier> logger)
{
    private readonly Lock _gate = new();
    private Func<CoverageUpdate, Task>[] _handlers = [];
    private Func<CoverageUpdate, Task>[] _lastHandlers = [];

    public int SubscriberCount => Volatile.Read(ref _handlers).Length + Volatile.Read(ref _lastHandlers).Length;

    public IDisposable Subscribe(Func<CoverageUpdate, Task> handler, bool last = false)
    {
        lock (_gate)
        {
            if (last) _lastHandlers = [.. _lastHandlers, handler];
            else _handlers = [.. _handlers, handler];
        }
        return new Subscription(this, handler);
    }

    public async Task PublishAsync(CoverageUpdate update)
    {
        foreach (var handler in Volatile.Read(ref _handlers).Concat(Volatile.Read(ref _lastHandlers)))
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
        lock (_gate)
        {
            _handlers = _handlers.Where(h => h != handler).ToArray();
            _lastHandlers = _lastHandlers.Where(h => h != handler).ToArray();
        }
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
