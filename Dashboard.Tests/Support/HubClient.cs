using System.Text.Json;
using System.Text.Json.Serialization;
using Coverage.Dashboard.Hubs;
using Microsoft.AspNetCore.SignalR.Client;

namespace Coverage.Dashboard.Tests.Support;

/// <summary>A real SignalR client of /hubs/coverage that records what it receives and lets a test wait for a count.</summary>
public sealed class HubClient : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly List<StationChangedMessage> _received = [];
    private readonly Lock _gate = new();
    private (int Count, TaskCompletionSource Done)? _waiter;

    private HubClient(HubConnection connection)
    {
        _connection = connection;
        _connection.On<StationChangedMessage>(nameof(ICoverageClient.StationChanged), m => OnChanged([m]));
        _connection.On<StationChangedMessage[]>(nameof(ICoverageClient.StationsChanged), OnChanged);
        _connection.On<StationsBatch>(nameof(ICoverageClient.StationsBatch), b => { CompactBatches++; OnChanged([.. b.Expand()]); });
    }

    /// <summary>Many changes committed together arrive as one compact <see cref="StationsBatch"/> from now on.</summary>
    public Task UseCompactBatchesAsync() => _connection.InvokeAsync(nameof(CoverageHub.UseCompactBatches));

    /// <summary>How many <see cref="StationsBatch"/> messages arrived.</summary>
    public int CompactBatches { get; private set; }

    /// <summary>Connects with a personal access token or a display token, as an integration would (<c>accessTokenFactory</c>);
    /// <paramref name="messagePack"/>: speak the hub's MessagePack protocol (read with <see cref="HubMessagePack.Options"/>)
    /// rather than JSON.</summary>
    public static async Task<HubClient> ConnectAsync(Uri baseAddress, string token, bool messagePack = false)
    {
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, CoverageHub.Path), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token));
        var connection = (messagePack
            ? builder.AddMessagePackProtocol(o => o.SerializerOptions = HubMessagePack.Options)
            : builder.AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase))))
            .Build();
        await connection.StartAsync();
        return new HubClient(connection);
    }

    /// <summary>Tries to connect with no credentials at all, as anyone on the network could.</summary>
    public static async Task<HubClient> ConnectAnonymousAsync(Uri baseAddress)
    {
        var connection = new HubConnectionBuilder().WithUrl(new Uri(baseAddress, CoverageHub.Path)).Build();
        await connection.StartAsync();
        return new HubClient(connection);
    }

    /// <summary>Connects as <paramref name="app"/>'s test user of <paramref name="role"/>, with its personal access token.</summary>
    public static Task<HubClient> ConnectAsync(DashboardApp app, Role role = Role.Viewer, bool messagePack = false) =>
        ConnectAsync(app.BaseAddress, app.Tokens[role], messagePack);

    public HubConnection Connection => _connection;

    public IReadOnlyList<StationChangedMessage> Received
    {
        get { lock (_gate) return _received.ToList(); }
    }

    /// <summary>Completes when at least <paramref name="count"/> messages have arrived.</summary>
    public Task WaitForCountAsync(int count, TimeSpan timeout)
    {
        lock (_gate)
        {
            if (_received.Count >= count) return Task.CompletedTask;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiter = (count, done);
            return done.Task.WaitAsync(timeout);
        }
    }

    public int Batches { get; private set; }

    private void OnChanged(StationChangedMessage[] messages)
    {
        lock (_gate)
        {
            _received.AddRange(messages);
            if (messages.Length > 1) Batches++;
            if (_waiter is { } w && _received.Count >= w.Count) w.Done.TrySetResult();
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
