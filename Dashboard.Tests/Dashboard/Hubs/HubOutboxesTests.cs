using Coverage.Dashboard.Hubs;
using Coverage.Dashboard.Services;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Coverage.Dashboard.Tests.Dashboard.Hubs;

/// <summary>
/// The outboxes with connections whose writes the test holds and releases (SignalR's own connection context, its write
/// replaced): an update is written at once while nothing waits, queued behind a write that waits, and the queue goes out
/// in order when it completes; a connection more than its capacity behind is dropped and no other waits for it.
/// End to end, with real sockets: <c>HubSlowClientTests</c>.
/// </summary>
public sealed class HubOutboxesTests
{
    [Fact]
    public async Task An_update_is_written_at_once_and_what_comes_while_a_write_waits_follows_it_in_order()
    {
        var outboxes = Outboxes(capacity: 8);
        var client = Connect(outboxes, "a");

        Post(outboxes, 1);
        Assert.Equal([1], client.Written); // on the poster's thread, before Post returned

        client.Hold(); // the client stops reading: its next write waits
        Post(outboxes, 2);
        Post(outboxes, 3);
        Post(outboxes, 4);
        Assert.Equal([1, 2], client.Written);
        Assert.Equal(2, outboxes.LongestBacklog);

        client.Release();
        await client.WrittenCount(4).WaitAsync(TimeSpan.FromSeconds(10));
        await outboxes.WhenIdle().WaitAsync(TimeSpan.FromSeconds(10)); // the background write has finished, not only started
        Assert.Equal([1, 2, 3, 4], client.Written);
        Assert.Equal(0, outboxes.LongestBacklog);

        Post(outboxes, 5);
        Assert.Equal([1, 2, 3, 4, 5], client.Written); // at once again
        Assert.Equal(0, outboxes.Dropped);
    }

    [Fact]
    public void A_connection_more_than_its_capacity_behind_is_dropped_and_the_others_are_written_at_once()
    {
        var outboxes = Outboxes(capacity: 2);
        var stalled = Connect(outboxes, "stalled");
        var reading = Connect(outboxes, "reading");
        stalled.Hold();

        Post(outboxes, 1); // being written to the stalled client
        Post(outboxes, 2);
        Post(outboxes, 3); // two waiting: full
        Assert.Equal(2, outboxes.LongestBacklog);
        Post(outboxes, 4); // one too many

        Assert.Equal(1, outboxes.Dropped);
        Assert.Equal(1, outboxes.Count);
        Assert.True(stalled.Aborted);
        Assert.Equal([1, 2, 3, 4], reading.Written);
    }

    [Fact]
    public async Task A_write_that_fails_closes_that_connection_only()
    {
        var outboxes = Outboxes(capacity: 8);
        var failing = Connect(outboxes, "failing");
        var reading = Connect(outboxes, "reading");

        failing.Hold();
        Post(outboxes, 1);
        Post(outboxes, 2);
        failing.Fail(new IOException("connection reset"));
        await failing.AbortedTask.WaitAsync(TimeSpan.FromSeconds(10));

        Post(outboxes, 3);
        Assert.Equal([1], failing.Written); // nothing after the failed write
        Assert.Equal([1, 2, 3], reading.Written);
    }

    private static HubOutboxes Outboxes(int capacity) => new(
        Options.Create(new HubOutboxOptions { Capacity = capacity }),
        new LiveMetrics(MetricRecorder.NewMeterFactory(), TimeProvider.System),
        NullLogger<HubOutboxes>.Instance);

    private static HeldConnection Connect(HubOutboxes outboxes, string id)
    {
        var connection = new HeldConnection(id);
        outboxes.Add(connection);
        outboxes.SetScope(id, null); // the province, as the hub sets it on connecting
        return connection;
    }

    private static void Post(HubOutboxes outboxes, int eventId) =>
        outboxes.Post((_, _) => [new SerializedHubMessage(new InvocationMessage(nameof(ICoverageClient.StationChanged), [eventId]))], DateTimeOffset.UtcNow);

    /// <summary>A hub connection whose writes complete at once unless held; records each write as it starts.</summary>
    private sealed class HeldConnection(string id) : HubConnectionContext(new DefaultConnectionContext(id),
        new HubConnectionContextOptions { KeepAliveInterval = TimeSpan.FromSeconds(15), ClientTimeoutInterval = TimeSpan.FromSeconds(30) },
        NullLoggerFactory.Instance)
    {
        private readonly Lock _gate = new();
        private readonly List<int> _written = [];
        private readonly List<(int Count, TaskCompletionSource Done)> _waiters = [];
        private readonly TaskCompletionSource _aborted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private TaskCompletionSource? _held;

        public int[] Written
        {
            get
            {
                lock (_gate) return [.. _written];
            }
        }

        public bool Aborted => _aborted.Task.IsCompleted;

        public Task AbortedTask => _aborted.Task;

        public void Hold()
        {
            lock (_gate) _held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        public void Release() => TakeHold()?.SetResult();

        public void Fail(Exception e) => TakeHold()?.SetException(e);

        public Task WrittenCount(int count)
        {
            lock (_gate)
            {
                if (_written.Count >= count) return Task.CompletedTask;
                var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add((count, done));
                return done.Task;
            }
        }

        public override ValueTask WriteAsync(SerializedHubMessage message, CancellationToken cancellationToken = default)
        {
            lock (_gate)
            {
                _written.Add((int)((InvocationMessage)message.Message!).Arguments[0]!);
                foreach (var waiter in _waiters.Where(w => _written.Count >= w.Count).ToList())
                {
                    waiter.Done.SetResult();
                    _waiters.Remove(waiter);
                }
                return _held is { } held ? new ValueTask(held.Task) : ValueTask.CompletedTask;
            }
        }

        // Recorded only: this connection never ran SignalR's handshake, so there is nothing of SignalR's to close.
        public override void Abort() => _aborted.TrySetResult();

        private TaskCompletionSource? TakeHold()
        {
            lock (_gate)
            {
                var held = _held;
                _held = null;
                return held;
            }
        }
    }
}
