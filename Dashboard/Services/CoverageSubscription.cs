using Coverage.Domain.Coverage;

namespace Coverage.Dashboard.Services;

/// <summary>What changed since a screen last drew: the latest snapshot and the townships whose station changed.</summary>
public sealed record CoverageBatch(CoverageSnapshot Snapshot, IReadOnlySet<string> ChangedTownships, bool Rebuilt)
{
    /// <summary>The station events behind this batch, in event-id order (empty after a rebuild).</summary>
    public IReadOnlyList<StationChangedMessage> Events { get; init; } = [];
}

/// <summary>
/// A screen's subscription to the <see cref="ICoverageFeed"/> that coalesces bursts: changes are collected and
/// handed over at most once per <see cref="Interval"/> (a 3,000-change transaction is one batch, one render).
/// The first change after a quiet spell is handed over at once. Dispose to leave.
/// </summary>
public sealed class CoverageSubscription : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly Func<CoverageBatch, Task> _onBatch;
    private readonly TimeProvider _clock;
    private readonly IDisposable _subscription;
    private readonly IDisposable? _membership;
    private readonly BackgroundLiveLane? _lane;
    private readonly bool _first;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private HashSet<string> _changed = new(StringComparer.Ordinal);
    private List<StationChangedMessage> _events = [];
    private CoverageSnapshot? _snapshot;
    private bool _rebuilt;
    private bool _scheduled;
    private long _lastDelivered = long.MinValue;
    private int _disposed;

    /// <summary>The longest the feed waits for a wall's update before it goes on to the hub (a wall whose circuit is busy).</summary>
    public static readonly TimeSpan FirstWait = TimeSpan.FromMilliseconds(100);

    /// <param name="lane">Where deliveries run when the node is busy (<see cref="BackgroundLiveLane"/>); null: always at once (walls).</param>
    /// <param name="first">A wall: it is handed each update before every other screen (<see cref="ICoverageFeed.SubscribeFirst"/>), and
    /// after a quiet spell its update runs in the feed's publish itself, before the other pages are queued and before the hub's
    /// fan-out (<see cref="ICoverageFeed.SubscribeAfterScreens"/>) puts thousands of writes on the thread pool ahead of it.</param>
    public CoverageSubscription(ICoverageFeed feed, TimeProvider clock, Func<CoverageBatch, Task> onBatch, BackgroundLiveLane? lane = null,
        bool first = false)
    {
        _first = first;
        _onBatch = onBatch;
        _clock = clock;
        _lane = lane;
        _membership = lane?.Join();
        _timer = lane is null
            ? clock.CreateTimer(_ => _ = DeliverAsync(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan)
            : clock.CreateTimer(_ => lane.Run(DeliverAsync), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _subscription = first ? feed.SubscribeFirst(OnUpdate) : feed.Subscribe(OnUpdate);
    }

    private Task OnUpdate(CoverageUpdate update)
    {
        TimeSpan? wait = null;
        lock (_gate)
        {
            if (_disposed != 0) return Task.CompletedTask;
            _snapshot = update.Snapshot;
            _rebuilt |= update.Rebuilt;
            foreach (var e in update.Events) _changed.Add(e.TownshipCode);
            _events.AddRange(update.Events);
            if (!_scheduled)
            {
                _scheduled = true;
                var interval = _lane?.Interval ?? Interval;
                var quiet = _lastDelivered == long.MinValue || _clock.GetElapsedTime(_lastDelivered) >= interval;
                wait = quiet ? TimeSpan.Zero : interval - _clock.GetElapsedTime(_lastDelivered);
            }
        }
        // Outside the lock: a timer may fire on this very thread.
        if (wait is { } due)
        {
            if (_first && due == TimeSpan.Zero) return FirstAsync();
            // Due now in a lane that queues: straight into it, without a timer's round trip through the thread pool per page.
            if (due == TimeSpan.Zero && _lane is not null && _lane.TryQueue(DeliverAsync)) return Task.CompletedTask;
            _timer.Change(due, Timeout.InfiniteTimeSpan);
        }
        return Task.CompletedTask;
    }

    // The feed waits for a wall's update (its render is on its way) at most FirstWait; a delivery handles its own failures.
    private Task FirstAsync()
    {
        var delivery = DeliverAsync();
        return delivery.IsCompleted ? delivery : Task.WhenAny(delivery, Task.Delay(FirstWait, _clock));
    }

    private async Task DeliverAsync()
    {
        CoverageBatch batch;
        lock (_gate)
        {
            if (_disposed != 0 || _snapshot is null) return;
            batch = new CoverageBatch(_snapshot, _changed, _rebuilt) { Events = _events };
            _changed = new HashSet<string>(StringComparer.Ordinal);
            _events = [];
            _rebuilt = false;
            _scheduled = false;
            _lastDelivered = _clock.GetTimestamp();
        }
        await _onBatch(batch);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _subscription.Dispose();
        _timer.Dispose();
        _membership?.Dispose();
    }
}
