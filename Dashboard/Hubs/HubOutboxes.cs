using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Coverage.Dashboard.Services;
using Microsoft.Extensions.Options;

namespace Coverage.Dashboard.Hubs;

/// <summary>
/// Every hub connection of this node, each with its scope and its own bounded outbox. The broadcaster posts each update
/// once, serialised once per protocol (<see cref="SerializedHubMessage"/>), and returns at once; each connection's outbox is
/// drained by a loop of its own, so a client that stops reading only fills its own outbox. When an outbox is full the
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

    internal void Add(HubConnectionContext connection)
    {
        var outbox = new Outbox(connection, options.Value.Capacity, metrics, logger);
        _outboxes[connection.ConnectionId] = outbox;
        outbox.Start();
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

    private sealed class Outbox(HubConnectionContext connection, int capacity, LiveMetrics metrics, ILogger logger)
    {
        private readonly Channel<HubUpdate> _queue =
            Channel.CreateBounded<HubUpdate>(new BoundedChannelOptions(capacity)
            {
                SingleReader = true,
                FullMode = BoundedChannelFullMode.Wait, // TryWrite answers false when full: the caller drops the client
            });

        public HubConnectionContext Connection => connection;

        public HubScope? Scope { get; set; }

        public bool TryPost(HubUpdate update) => _queue.Writer.TryWrite(update);

        public int Backlog => _queue.Reader.Count;

        public void Start() => _ = Task.Run(DrainAsync);

        public void Close() => _queue.Writer.TryComplete();

        private async Task DrainAsync()
        {
            try
            {
                await foreach (var update in _queue.Reader.ReadAllAsync(connection.ConnectionAborted))
                {
                    foreach (var message in update.Messages)
                        await connection.WriteAsync(message, connection.ConnectionAborted);
                    if (update.CommittedAt != DateTimeOffset.MinValue) metrics.HubSent(update.CommittedAt); // MinValue: a Move
                }
            }
            catch (OperationCanceledException)
            {
                // the connection closed
            }
            catch (Exception e)
            {
                LogWriteFailed(logger, connection.ConnectionId, e);
                connection.Abort();
            }
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
