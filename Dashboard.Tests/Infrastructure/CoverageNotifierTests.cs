using Microsoft.Extensions.Logging.Abstractions;

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
}
