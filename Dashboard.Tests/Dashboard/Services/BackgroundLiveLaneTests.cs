using Coverage.Dashboard.Services;
using Microsoft.Extensions.Time.Testing;

namespace Coverage.Dashboard.Tests.Dashboard.Services;

/// <summary>A few live pages are updated at once; many are updated one at a time, in order, so walls keep the other cores.</summary>
public sealed class BackgroundLiveLaneTests
{
    [Fact]
    public void With_few_pages_a_delivery_runs_at_once_on_the_callers_thread()
    {
        var lane = new BackgroundLiveLane();
        using var member = lane.Join();
        var ranOn = -1;

        lane.Run(() =>
        {
            ranOn = Environment.CurrentManagedThreadId;
            return Task.CompletedTask;
        });

        Assert.Equal(Environment.CurrentManagedThreadId, ranOn);
    }

    [Fact]
    public async Task With_many_pages_deliveries_run_one_at_a_time_in_arrival_order_and_all_of_them()
    {
        var lane = new BackgroundLiveLane();
        var members = Enumerable.Range(0, BackgroundLiveLane.Threshold + 1).Select(_ => lane.Join()).ToList();
        var gates = Enumerable.Range(0, 5).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToList();
        var started = Enumerable.Range(0, 5).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToList();
        var order = new List<int>();
        var running = 0;
        var mostAtOnce = 0;
        for (var i = 0; i < 5; i++)
        {
            var k = i;
            lane.Run(async () =>
            {
                var now = Interlocked.Increment(ref running);
                lock (order)
                {
                    order.Add(k);
                    mostAtOnce = Math.Max(mostAtOnce, now);
                }
                started[k].SetResult();
                await gates[k].Task;
                Interlocked.Decrement(ref running);
            });
        }

        await started[0].Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(started[1].Task.IsCompleted); // the second waits for the first
        for (var i = 0; i < 5; i++)
        {
            await started[i].Task.WaitAsync(TimeSpan.FromSeconds(10));
            gates[i].SetResult();
        }

        Assert.Equal([0, 1, 2, 3, 4], order);
        Assert.Equal(1, mostAtOnce);
        members.ForEach(m => m.Dispose());
        Assert.Equal(0, lane.Members);
    }

    [Fact]
    public void A_page_in_a_crowded_lane_is_updated_less_often_so_a_round_of_every_page_stays_bounded()
    {
        var lane = new BackgroundLiveLane();
        var members = Enumerable.Range(0, 300).Select(_ => lane.Join()).ToList();
        Assert.Equal(CoverageSubscription.Interval, lane.Interval); // a hundred open overviews: as often as ever

        members.AddRange(Enumerable.Range(0, 2700).Select(_ => lane.Join()));
        Assert.Equal(TimeSpan.FromMilliseconds(2100), lane.Interval); // a thousand: every 2.1 s

        members.ForEach(m => m.Dispose());
        Assert.Equal(CoverageSubscription.Interval, lane.Interval);
    }

    [Fact]
    public async Task A_round_of_the_lane_records_how_long_it_took_from_its_first_delivery_until_nothing_was_left()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 3, 0, 0, TimeSpan.Zero));
        var meters = MetricRecorder.NewMeterFactory();
        using var rounds = new MetricRecorder(meters, "coverage.lane.round");
        var lane = new BackgroundLiveLane(new LiveMetrics(meters, clock), clock);
        var members = Enumerable.Range(0, BackgroundLiveLane.Threshold + 1).Select(_ => lane.Join()).ToList();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var last = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        lane.Run(async () =>
        {
            await gate.Task; // the others queue behind it
            clock.Advance(TimeSpan.FromMilliseconds(3));
        });
        lane.Run(() =>
        {
            clock.Advance(TimeSpan.FromMilliseconds(4));
            return Task.CompletedTask;
        });
        lane.Run(() =>
        {
            last.SetResult();
            return Task.CompletedTask;
        });
        gate.SetResult();
        await last.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await rounds.WhenRecorded(1).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0.007, Math.Round(rounds.Recorded[0].Value, 6));
        members.ForEach(m => m.Dispose());
    }
}
