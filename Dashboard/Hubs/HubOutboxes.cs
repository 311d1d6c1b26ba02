using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Coverage.Dashboard.Services;
using Microsoft.Extensions.Options;

namespace Coverage.Dashboard.Hubs;

/// <summary>
/// Every hub connection of this node, each with its scope and its own bounded outbox. The broadcaster posts each update
/// once, serialised once per protocol (<see cref="SerializedHubMessage"/>), and never waits: it is copied into each
/// connection's pipe at once, or, when that connection's last write is still waiting, queued in its outbox and written by the
/// background task that waits for it — so a client that stops reading only fills its own outbox. When an outbox is full the
/// client has fallen <see cref="HubOutboxOptions.Capacity"/> updates behind: it is disconnected (it reconnects and catches
/// up by event id with <see cref="CoverageHub.ChangesSince"/>), and no other client waits for it.
/// </summary>
public sealed partial class HubOutboxes
{
    private readonly IOptions<HubOutboxOptions> options;
    private readonly LiveMetrics metrics;
    private readonly ILogger<HubOutboxes> logger;

    public HubOutboxes(IOptions<HubOutboxOptions> options, LiveMetrics metrics, ILogger<HubOutboxes> logger)
    {
        this.options = options;
        this.metrics = metrics;
        this.logger = logger;
        metrics.ObserveHubConnections(() => Count);
    }

    private readonly ConcurrentDictionary<string, Outbox> _outboxes = new(StringComparer.Ordinal);
    private long _dropped;

    /// <summary>Open hub connections on this node.</summary>
    public int Count => _outboxes.Count;

    /// <summary>The most updates waiting in any one connection's outbox right now (0 when every client keeps up).</summary>
    public int LongestBacklog => _outboxes.Values.Select(o => o.Backlog).DefaultIfEmpty(0).Max();

    /// <summary>Connections dropped since start because they fell too far behind.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Completes once nothing is being written to any connection open now (each outbox written out or closed).</summary>
    public Task WhenIdle() => Task.WhenAll(_outboxes.Values.Select(o => o.WhenIdle()));

    internal void Add(HubConnectionContext connection)
    {
        _outboxes[connection.ConnectionId] = new Outbox(connection, options.Value.Capacity, metrics, logger);
    }

    internal void Remove(string connectionId)
    {
        if (_outboxes.TryRemove(connectionId, out var outbox)) outbox.Close();
    }

    /// <summary>From the next update on, connection <paramref name="connectionId"/> receives the changes of
    /// <paramref name="prefecture"/> (null: the whole province).</summary>
    internal void SetScope(string connectionId, string? prefecture)
    {
        if (_outboxes.TryGetValue(connectionId, out var outbox)) outbox.Scope = outbox.Scope is { } scope ? scope with { Prefecture = prefecture } : new HubScope(prefecture);
    }

    /// <summary>From the next update on, connection <paramref name="connectionId"/> receives many changes as one
    /// <see cref="StationsBatch"/> rather than a <c>StationsChanged</c> array.</summary>
    internal void UseCompactBatches(string connectionId)
    {
        if (_outboxes.TryGetValue(connectionId, out var outbox) && outbox.Scope is { } scope) outbox.Scope = scope with { Compact = true };
    }

    /// <summary>The prefecture connection <paramref name="connectionId"/> receives (null: the province); false when the
    /// connection is gone or has no scope yet — never read as "the province".</summary>
    internal bool TryGetScope(string connectionId, out string? prefecture)
    {
        prefecture = null;
        if (!_outboxes.TryGetValue(connectionId, out var outbox) || outbox.Scope is not { } scope) return false;
        prefecture = scope.Prefecture;
        return true;
    }

    /// <summary>
    /// Queues one update on every connection whose scope has something in it: <paramref name="messagesFor"/> gives the
    /// messages for a prefecture (null: the province) in the compact form or not, or an empty list when nothing in the update
    /// concerns it; <paramref name="committedAt"/> is the time of the update's newest change. Never waits for a client.
    /// </summary>
    public void Post(Func<string?, bool, IReadOnlyList<SerializedHubMessage>> messagesFor, DateTimeOffset committedAt)
    {
        var byScope = new Dictionary<HubScope, IReadOnlyList<SerializedHubMessage>>();
        foreach (var outbox in _outboxes.Values)
        {
            if (outbox.Scope is not { } scope) continue; // still connecting: the hub sets the scope before it returns
            if (!byScope.TryGetValue(scope, out var messages)) byScope[scope] = messages = messagesFor(scope.Prefecture, scope.Compact);
            if (messages.Count == 0 || outbox.TryPost(new HubUpdate(messages, committedAt))) continue;
            // Gone from the list before it is counted: whoever reads Dropped > 0 finds the connection removed.
            Remove(outbox.Connection.ConnectionId);
            outbox.Connection.Abort();
            Interlocked.Increment(ref _dropped);
            metrics.HubDropped();
            LogDropped(logger, outbox.Connection.ConnectionId, options.Value.Capacity);
        }
    }

    /// <summary>
    /// Draining (see <see cref="Hosting.NodeDrain"/>): queues <see cref="ICoverageClient.Move"/> after whatever each connection
    /// is still owed, so a client hears it has to move once it has everything this node sent. It reconnects through the load
    /// balancer and catches up by event id.
    /// </summary>
    public void MoveAll()
    {
        var move = new SerializedHubMessage(new InvocationMessage(nameof(ICoverageClient.Move), []));
        foreach (var outbox in _outboxes.Values)
            if (!outbox.TryPost(new HubUpdate([move], DateTimeOffset.MinValue))) outbox.Connection.Abort();
    }

    /// <summary>Disconnects every connection still open (those that did not move when told to).</summary>
    public void AbortAll()
    {
        foreach (var outbox in _outboxes.Values) outbox.Connection.Abort();
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Hub connection {ConnectionId} fell {Capacity} updates behind and was disconnected; it can reconnect and catch up by event id.")]
    private static partial void LogDropped(ILogger logger, string connectionId, int capacity);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Writing to hub connection {ConnectionId} failed; it is closing.")]
    private static partial void LogWriteFailed(ILogger logger, string connectionId, Exception e);

    /// <summary>What a connection receives: one prefecture's changes (null: the province), many as one compact batch or not.</summary>
    private sealed record HubScope(string? Prefecture, bool Compact = false);

    /// <summary>One update for one connection: its messages, and when its newest change was committed.</summary>
    private sealed record HubUpdate(IReadOnlyList<SerializedHubMessage> Messages, DateTimeOffset CommittedAt);

    /// <summary>
    /// One connection's outbox. An update is written at once, on the poster's thread, when nothing is being written to the
    /// connection: SignalR copies the message (serialised once per protocol) into the connection's pipe, and its transport sends
    /// it. Only a write that has to wait — the client is not reading and its pipe is full, or a hub call's answer holds the
    /// connection — goes on in the background, and the updates that come meanwhile wait in the outbox, at most
    /// <c>capacity</c> of them. Writing at once spares every update a thread-pool hop per connection: for 2,000 connections,
    /// 2,000 work items a change that took the cores the walls' browsers and circuits needed.
    /// </summary>
    private sealed class Outbox(HubConnectionContext connection, int capacity, LiveMetrics metrics, ILogger logger)
    {
        private readonly Lock _gate = new();
        private readonly Queue<HubUpdate> _waiting = new();
        private bool _writing;
        private bool _closed;
        private TaskCompletionSource? _idle;

        public HubConnectionContext Connection => connection;

        public HubScope? Scope { get; set; }

        /// <summary>Updates waiting behind the one being written.</summary>
        public int Backlog
        {
            get
            {
                lock (_gate) return _waiting.Count;
            }
        }

        /// <summary>Writes <paramref name="update"/> now or queues it; false when the outbox is full (the caller drops the client).</summary>
        public bool TryPost(HubUpdate update)
        {
            lock (_gate)
            {
                if (_closed) return true;
                if (_writing)
                {
                    if (_waiting.Count >= capacity) return false;
                    _waiting.Enqueue(update);
                    return true;
                }
                _writing = true;
            }
            WriteFrom(update);
            return true;
        }

        /// <summary>Completes when no write to this connection is under way.</summary>
        public Task WhenIdle()
        {
            lock (_gate)
            {
                if (!_writing || _closed) return Task.CompletedTask;
                _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                return _idle.Task;
            }
        }

        public void Close()
        {
            TaskCompletionSource? idle;
            lock (_gate)
            {
                _closed = true;
                _waiting.Clear();
                idle = _idle;
                _idle = null;
            }
            idle?.TrySetResult();
        }

        // Writes the update and then whatever waits behind it, for as long as each write completes at once.
        private void WriteFrom(HubUpdate update)
        {
            while (true)
            {
                ValueTask write;
                try
                {
                    write = WriteAsync(update);
                }
                catch (Exception e)
                {
                    write = ValueTask.FromException(e);
                }
                if (!write.IsCompletedSuccessfully)
                {
                    _ = FinishAsync(write);
                    return;
                }
                if (!TryTakeNext(out update)) return;
            }
        }

        private async Task FinishAsync(ValueTask write)
        {
            try
            {
                await write;
                while (TryTakeNext(out var next)) await WriteAsync(next);
            }
            catch (OperationCanceledException)
            {
                Close(); // the connection closed
            }
            catch (Exception e)
            {
                Close();
                LogWriteFailed(logger, connection.ConnectionId, e);
                connection.Abort();
            }
        }

        private bool TryTakeNext(out HubUpdate next)
        {
            TaskCompletionSource? idle;
            lock (_gate)
            {
                if (!_closed && _waiting.TryDequeue(out next!)) return true;
                _writing = false;
                next = null!;
                idle = _idle;
                _idle = null;
            }
            idle?.TrySetResult();
            return false;
        }

        private ValueTask WriteAsync(HubUpdate update)
        {
            for (var i = 0; i < update.Messages.Count; i++)
            {
                var write = connection.WriteAsync(update.Messages[i], connection.ConnectionAborted);
                if (!write.IsCompletedSuccessfully) return RestAsync(write, update, i + 1);
                write.GetAwaiter().GetResult();
            }
            Sent(update);
            return ValueTask.CompletedTask;
        }

        private async ValueTask RestAsync(ValueTask write, HubUpdate update, int next)
        {
            await write;
            for (var i = next; i < update.Messages.Count; i++) await connection.WriteAsync(update.Messages[i], connection.ConnectionAborted);
            Sent(update);
        }

        private void Sent(HubUpdate update)
        {
            if (update.CommittedAt != DateTimeOffset.MinValue) metrics.HubSent(update.CommittedAt); // MinValue: a Move
        }
    }
}

/// <summary>Settings of the hub's per-connection outboxes (<c>Hub:</c> in configuration).</summary>
public sealed class HubOutboxOptions
{
    /// <summary>
    /// How many updates (each one committed transaction's changes in the client's scope, one message or a few) may wait for a
    /// client that is not reading before it is disconnected. The operating system's socket buffers hold more before that.
    /// </summary>
    public int Capacity { get; set; } = 256;
}

/// <summary>
/// The hub's lifetime manager: SignalR's own, which also gives every connection an outbox in <see cref="HubOutboxes"/>
/// (the broadcaster sends through those, not through groups).
/// </summary>
public sealed class CoverageHubLifetimeManager(HubOutboxes outboxes, ILogger<DefaultHubLifetimeManager<CoverageHub>> logger)
    : DefaultHubLifetimeManager<CoverageHub>(logger)
{
    public override async Task OnConnectedAsync(HubConnectionContext connection)
    {
        await base.OnConnectedAsync(connection);
        outboxes.Add(connection);
    }

    public override async Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        outboxes.Remove(connection.ConnectionId);
        await base.OnDisconnectedAsync(connection);
    }
}
