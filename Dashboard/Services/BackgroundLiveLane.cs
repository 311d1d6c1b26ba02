using System.Collections.Concurrent;

namespace Coverage.Dashboard.Services;

/// <summary>
/// Where the live pages other than walls are brought up to date when a node holds many of them. One change re-renders every
/// open page; with hundreds open that work would take every core, and the walls — the screens whose commit → frame the design
/// promises — and the hub clients would wait behind it (issue 14: "1,000 idle circuits without raising commit → frame").
/// Above <see cref="Threshold"/> members their deliveries run one at a time, in arrival order, in a single loop; each delivery
/// takes all its page has missed while it waited (<see cref="CoverageSubscription"/> coalesces: later, never lost), and the
/// other cores stay free for the walls and the hub. At or below it a delivery runs at once, as if there were no lane.
/// </summary>
/// <param name="metrics">Where each round's duration is recorded (<c>coverage.lane.round</c>); none in unit tests that need none.</param>
/// <param name="clock">The clock that times a round.</param>
public sealed class BackgroundLiveLane(LiveMetrics? metrics = null, TimeProvider? clock = null)
{
    /// <summary>How many live components (an overview has three) a node updates at once before it queues them.</summary>
    public const int Threshold = 64;

    /// <summary>The longest the loop waits for one page before it goes on to the next (a page whose circuit is stuck).</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(2);

    private readonly ConcurrentQueue<Func<Task>> _queue = new();
    private int _members;
    private int _running;

    /// <summary>
    /// The least time between two updates of one page in the lane: <see cref="CoverageSubscription.Interval"/> while the node holds
    /// a few hundred live components, then 0.7 ms more per component (a thousand open overviews, three live components each: an
    /// update every 2.1 s each). A round of updates of every page then takes at most about a third of two cores' time, whatever
    /// the rate of changes, and the walls keep the rest; a page folds what came meanwhile into one update.
    /// </summary>
    public TimeSpan Interval => TimeSpan.FromMilliseconds(Math.Max(CoverageSubscription.Interval.TotalMilliseconds, Members * 0.7));

    /// <summary>Live components that deliver through this lane now.</summary>
    public int Members => Volatile.Read(ref _members);

    /// <summary>Counts a live component in; dispose to count it out.</summary>
    public IDisposable Join()
    {
        Interlocked.Increment(ref _members);
        return new Membership(this);
    }

    /// <summary>Runs <paramref name="delivery"/> now, or queues it for the loop when the node is busy with many pages.</summary>
    public void Run(Func<Task> delivery)
    {
        if (!TryQueue(delivery)) _ = delivery();
    }

    /// <summary>
    /// Queues <paramref name="delivery"/> for the loop when the node is busy with many pages; false (nothing queued) when the lane
    /// is not in force and the caller runs it itself. The change feed's publish queues every page due at once this way: with
    /// hundreds of pages, a timer each would first put as many callbacks through the thread pool only to queue them here.
    /// </summary>
    public bool TryQueue(Func<Task> delivery)
    {
        if (Members <= Threshold) return false;
        _queue.Enqueue(delivery);
        if (Interlocked.CompareExchange(ref _running, 1, 0) == 0) _ = Task.Run(DrainAsync);
        return true;
    }

    private async Task DrainAsync()
    {
        var time = clock ?? TimeProvider.System;
        var started = time.GetTimestamp();
        do
        {
            while (_queue.TryDequeue(out var delivery))
            {
                var done = delivery(); // a delivery handles its own failures (LiveCoverageComponent)
                if (!done.IsCompleted) await Task.WhenAny(done, Task.Delay(MaxWait));
            }
            Volatile.Write(ref _running, 0);
        }
        while (!_queue.IsEmpty && Interlocked.CompareExchange(ref _running, 1, 0) == 0);
        metrics?.LaneRound(time.GetElapsedTime(started));
    }

    private sealed class Membership(BackgroundLiveLane lane) : IDisposable
    {
        private int _left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0) Interlocked.Decrement(ref lane._members);
        }
    }
}
