using Coverage.Dashboard.Services;
using Microsoft.Extensions.Time.Testing;

namespace Coverage.Dashboard.Tests.Dashboard.Services;

public sealed class CoverageSubscriptionTests
{
    private static readonly CoverageSnapshot Snapshot = Snapshots.Create(Snapshots.Township("510104017000", "锦官驿街道", StationStatus.Operating));
    private readonly FakeCoverageFeed _feed = new(Snapshot);
    private readonly FakeTimeProvider _clock = new();
    private readonly CoverageSnapshot _snapshot = Snapshot;

    private static StationChangedMessage Change(long id, string township) =>
        new(id, (int)id, township, township[..6], township[..4], StationStatus.Operating, BuildMode.ExistingVenue, DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task A_burst_of_changes_is_handed_over_as_one_batch()
    {
        var batches = new List<CoverageBatch>();
        using var subscription = new CoverageSubscription(_feed, _clock, b => { batches.Add(b); return Task.CompletedTask; });

        await _feed.PublishAsync(new CoverageUpdate(_snapshot, [Change(1, "510104017000")], Rebuilt: false));
        Assert.Single(batches); // the first change after a quiet spell goes straight through

        var burst = Enumerable.Range(0, 3100).Select(i => Change(2 + i, $"5134{i:D8}")).ToList();
        for (var i = 0; i < burst.Count; i += 100)
            await _feed.PublishAsync(new CoverageUpdate(_snapshot, burst.GetRange(i, 100), Rebuilt: false));
        Assert.Single(batches);

        _clock.Advance(CoverageSubscription.Interval);
        Assert.Equal(2, batches.Count);
        Assert.Equal(3100, batches[1].ChangedTownships.Count);
        Assert.False(batches[1].Rebuilt);
    }

    [Fact]
    public async Task A_walls_update_is_handed_over_within_the_publish_before_the_screens_and_the_hubs_fan_out_that_subscribed_first()
    {
        var order = new List<string>();
        Func<CoverageUpdate, Task> Record(string name) => _ =>
        {
            lock (order) order.Add(name);
            return Task.CompletedTask;
        };
        using var hub = _feed.SubscribeAfterScreens(Record("hub"));
        using var page = _feed.Subscribe(Record("page"));
        // The real clock: only a wall's first-after-quiet update runs in the publish itself, not through a timer.
        using var wall = new CoverageSubscription(_feed, TimeProvider.System, _ => Record("wall")(null!), first: true);

        await _feed.PublishAsync(new CoverageUpdate(_snapshot, [Change(1, "510104017000")], Rebuilt: false));

        lock (order) Assert.Equal(["wall", "page", "hub"], order);
    }

    [Fact]
    public async Task In_a_crowded_lane_a_page_due_at_once_is_queued_by_the_publish_itself_not_by_a_timer()
    {
        var lane = new BackgroundLiveLane();
        var others = Enumerable.Range(0, BackgroundLiveLane.Threshold).Select(_ => lane.Join()).ToList();
        var clock = new TimersThatNeverFire();
        var delivered = new TaskCompletionSource<CoverageBatch>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var page = new CoverageSubscription(_feed, clock, b =>
        {
            delivered.TrySetResult(b);
            return Task.CompletedTask;
        }, lane);
        Assert.True(lane.Members > BackgroundLiveLane.Threshold); // the lane queues

        await _feed.PublishAsync(new CoverageUpdate(_snapshot, [Change(1, "510104017000")], Rebuilt: false));

        var batch = await delivered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["510104017000"], batch.ChangedTownships);
        Assert.Equal(0, clock.TimersSet);
        others.ForEach(m => m.Dispose());
    }

    [Fact]
    public async Task A_rebuild_is_passed_on_so_the_screen_redraws_everything()
    {
        var batches = new List<CoverageBatch>();
        using var subscription = new CoverageSubscription(_feed, _clock, b => { batches.Add(b); return Task.CompletedTask; });

        await _feed.PublishAsync(new CoverageUpdate(_snapshot, [], Rebuilt: true));

        Assert.True(Assert.Single(batches).Rebuilt);
    }

    [Fact]
    public async Task Disposing_the_subscription_leaves_the_feed()
    {
        var batches = 0;
        var subscription = new CoverageSubscription(_feed, _clock, _ => { batches++; return Task.CompletedTask; });
        Assert.Equal(1, _feed.SubscriberCount);

        subscription.Dispose();
        await _feed.PublishAsync(new CoverageUpdate(_snapshot, [Change(1, "510104017000")], Rebuilt: false));

        Assert.Equal(0, _feed.SubscriberCount);
        Assert.Equal(0, batches);
    }

    /// <summary>The system's clock, whose timers count how often they are set and never fire.</summary>
    private sealed class TimersThatNeverFire : TimeProvider
    {
        private int _set;

        public int TimersSet => Volatile.Read(ref _set);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => new Timer(this);

        private sealed class Timer(TimersThatNeverFire clock) : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period)
            {
                if (dueTime != Timeout.InfiniteTimeSpan) Interlocked.Increment(ref clock._set);
                return true;
            }

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
