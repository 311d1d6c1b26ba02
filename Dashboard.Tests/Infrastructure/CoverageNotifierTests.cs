using Coverage.Infrastructure.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Coverage.Dashboard.Tests.Infrastructure;

public sealed class CoverageNotifierTests
{
    private static readonly CoverageUpdate Update = new(Snapshots.Create(), [], Rebuilt: false);

    private readonly CoverageNotifier _notifier = new(NullLogger<CoverageNotifier>.Instance);
    private readonly List<string> _called = [];

    private IDisposable Subscribe(string name, PublishOrder order) => _notifier.Subscribe(_ =>
    {
        _called.Add(name);
        return Task.CompletedTask;
    }, order);

    [Fact]
    public async Task Handlers_run_walls_first_then_the_other_screens_then_the_fan_out_whatever_order_they_came_in()
    {
        using var hub = Subscribe("hub", PublishOrder.Last);
        using var page1 = Subscribe("page1", PublishOrder.Normal);
        using var wall1 = Subscribe("wall1", PublishOrder.First);
        using var page2 = Subscribe("page2", PublishOrder.Normal);
        using var wall2 = Subscribe("wall2", PublishOrder.First);

        await _notifier.PublishAsync(Update);

        Assert.Equal(["wall1", "wall2", "page1", "page2", "hub"], _called);
    }

    [Fact]
    public async Task Leaving_removes_only_that_handler_and_later_ones_keep_their_place()
    {
        var hub = Subscribe("hub", PublishOrder.Last);
        var page = Subscribe("page", PublishOrder.Normal);
        var wall = Subscribe("wall", PublishOrder.First);
        wall.Dispose();
        wall.Dispose(); // twice is once
        page.Dispose();
        using var wall2 = Subscribe("wall2", PublishOrder.First);
        using var page2 = Subscribe("page2", PublishOrder.Normal);
        using var hub2 = Subscribe("hub2", PublishOrder.Last);
        hub.Dispose();

        await _notifier.PublishAsync(Update);

        Assert.Equal(["wall2", "page2", "hub2"], _called);
        Assert.Equal(3, _notifier.SubscriberCount);
    }

    [Fact]
    public async Task The_same_handler_subscribed_twice_is_called_twice_and_leaves_one_at_a_time()
    {
        var calls = 0;
        Func<CoverageUpdate, Task> handler = _ =>
        {
            calls++;
            return Task.CompletedTask;
        };
        var first = _notifier.Subscribe(handler, PublishOrder.First);
        using var second = _notifier.Subscribe(handler);
        first.Dispose();

        await _notifier.PublishAsync(Update);

        Assert.Equal(1, calls);
        Assert.Equal(1, _notifier.SubscriberCount);
    }

    [Fact]
    public async Task Each_part_records_when_it_has_handed_a_change_on_counted_from_its_transaction_and_a_rebuild_records_nothing()
    {
        using var timed = new Timed();
        Func<CoverageUpdate, Task> Takes(int ms) => _ =>
        {
            timed.Clock.Advance(TimeSpan.FromMilliseconds(ms));
            return Task.CompletedTask;
        };
        using var hub = timed.Notifier.Subscribe(Takes(20), PublishOrder.Last);
        using var page = timed.Notifier.Subscribe(Takes(10));
        using var wall = timed.Notifier.Subscribe(Takes(5), PublishOrder.First);
        var change = timed.Change();
        timed.Clock.Advance(TimeSpan.FromMilliseconds(4)); // the feed read and applied it

        await timed.Notifier.PublishAsync(new CoverageUpdate(Snapshots.Create(), [change], Rebuilt: false));
        await timed.Notifier.PublishAsync(new CoverageUpdate(Snapshots.Create(), [], Rebuilt: true));

        // The hub's part only queues the change for the hub's own loop: coverage.hub.sent times its writes.
        Assert.Equal([(0.009, "walls"), (0.019, "screens")], timed.Handed.Recorded.Select(r => (Math.Round(r.Value, 6), r.Tag)));
    }

    [Fact]
    public async Task With_no_pages_or_hub_open_both_parts_are_still_recorded_once_in_order()
    {
        using var timed = new Timed();
        using var wall = timed.Notifier.Subscribe(_ => Task.CompletedTask, PublishOrder.First);

        await timed.Notifier.PublishAsync(new CoverageUpdate(Snapshots.Create(), [timed.Change()], Rebuilt: false));

        Assert.Equal(["walls", "screens"], timed.Handed.Recorded.Select(r => r.Tag));
    }

    /// <summary>A notifier with the feed's metrics on a fake clock, and what it records in <c>coverage.feed.handed</c>.</summary>
    private sealed class Timed : IDisposable
    {
        public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 2, 3, 0, 0, TimeSpan.Zero));
        public MetricRecorder Handed { get; }
        public CoverageNotifier Notifier { get; }

        public Timed()
        {
            var meters = MetricRecorder.NewMeterFactory();
            Handed = new MetricRecorder(meters, "coverage.feed.handed", tag: "part");
            Notifier = new CoverageNotifier(NullLogger<CoverageNotifier>.Instance, new FeedMetrics(meters, Clock));
        }

        /// <summary>A station's change committed now.</summary>
        public StationChangedMessage Change() =>
            new(9, 1, "513401001000", "513401", "5134", StationStatus.Operating, BuildMode.ProvincialSubsidy, Clock.GetUtcNow());

        public void Dispose() => Handed.Dispose();
    }
}
