using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Coverage.Dashboard.Tests.Support.Rolling;

/// <summary>
/// A hub client that does what the README asks of an integration across restarts, and records exactly what it applied: it
/// keeps the last event id it applied; when its node says <c>Move</c> (draining) or the connection drops it reconnects through
/// the load balancer, asks <c>ChangesSince(last)</c> (holding pushes back meanwhile) and then applies the held pushes, skipping
/// any id at or below the last. Connects by WebSocket without negotiation, so the load balancer can retry the handshake (a GET)
/// on another node. Shared by the rolling-restart test and bench (no xunit here).
/// </summary>
public sealed class CatchUpHubClient : IAsyncDisposable
{
    private readonly Uri _hub;
    private readonly string _token;
    private readonly System.Net.Cookie? _pin;
    private readonly Lock _gate = new();
    private readonly List<long> _applied = [];
    private readonly CancellationTokenSource _stop = new();
    private List<Change>? _held;
    private HubConnection? _connection;
    private long _last;

    private CatchUpHubClient(Uri baseAddress, string token, string? nodeKey, long fromEventId)
    {
        _hub = new Uri(baseAddress, "/hubs/coverage");
        _token = token;
        _last = fromEventId;
        if (nodeKey is not null) _pin = new System.Net.Cookie("coverage_node", nodeKey, "/", baseAddress.Host);
    }

    /// <summary>A change as this client reads it (the rest of StationChangedMessage is not needed here).</summary>
    public sealed record Change(long EventId, int StationId);

    /// <summary>Connects through <paramref name="baseAddress"/> (pinned to a node by its <c>coverage_node</c> key, if given) and
    /// applies every change after <paramref name="fromEventId"/>.</summary>
    public static async Task<CatchUpHubClient> ConnectAsync(Uri baseAddress, string token, string? nodeKey, long fromEventId)
    {
        var client = new CatchUpHubClient(baseAddress, token, nodeKey, fromEventId);
        await client.ConnectOnceAsync();
        return client;
    }

    /// <summary>Event ids applied, in the order applied.</summary>
    public IReadOnlyList<long> Applied
    {
        get { lock (_gate) return _applied.ToList(); }
    }

    public long Last
    {
        get { lock (_gate) return _last; }
    }

    /// <summary>Times a node told this client to move.</summary>
    public int Moves { get; private set; }

    /// <summary>Connections made after the first (moves and losses).</summary>
    public int Reconnects { get; private set; }

    /// <summary>Pushed or caught-up changes skipped because their id was at or below the last applied (delivered twice).</summary>
    public int Skipped { get; private set; }

    /// <summary>The longest time this client was without a connection (from closed to caught up on the next).</summary>
    public TimeSpan LongestAway { get; private set; }

    private async Task ConnectOnceAsync()
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(_hub, o =>
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(_token);
                o.SkipNegotiation = true;
                o.Transports = HttpTransportType.WebSockets;
                if (_pin is not null) o.Cookies.Add(_pin);
            })
            .Build();
        lock (_gate) _held = [];
        connection.On<Change>("StationChanged", c => Receive([c]));
        connection.On<Change[]>("StationsChanged", Receive);
        connection.On("Move", () =>
        {
            Moves++;
            _ = connection.StopAsync(); // Closed reconnects
        });
        try
        {
            await connection.StartAsync(_stop.Token);
            while (true)
            {
                var page = await connection.InvokeAsync<Change[]>("ChangesSince", Last, _stop.Token);
                lock (_gate) Apply(page);
                if (page.Length < 1000) break;
            }
            lock (_gate)
            {
                var held = _held!.OrderBy(c => c.EventId).ToList();
                _held = null;
                Apply(held);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        _connection = connection;
        connection.Closed += error =>
        {
            if (!_stop.IsCancellationRequested) _ = ReconnectAsync();
            return Task.CompletedTask;
        };
        // Closed between catching up and the handler above: reconnect now.
        if (connection.State == HubConnectionState.Disconnected && !_stop.IsCancellationRequested) _ = ReconnectAsync();
    }

    private async Task ReconnectAsync()
    {
        var away = System.Diagnostics.Stopwatch.StartNew();
        for (var attempt = 0; !_stop.IsCancellationRequested; attempt++)
        {
            try
            {
                await ConnectOnceAsync();
                Reconnects++;
                if (away.Elapsed > LongestAway) LongestAway = away.Elapsed;
                return;
            }
            catch when (!_stop.IsCancellationRequested)
            {
                await Task.Delay(Math.Min(100 << Math.Min(attempt, 4), 1000));
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Receive(Change[] changes)
    {
        lock (_gate)
        {
            if (_held is not null) _held.AddRange(changes);
            else Apply(changes);
        }
    }

    private void Apply(IEnumerable<Change> changes)
    {
        foreach (var change in changes)
        {
            if (change.EventId <= _last)
            {
                Skipped++;
                continue;
            }
            _applied.Add(change.EventId);
            _last = change.EventId;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_connection is not null) await _connection.DisposeAsync();
        _stop.Dispose();
    }
}
