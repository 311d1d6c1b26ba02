using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using MessagePack;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace Coverage.Bench.Live;

/// <summary>
/// The bench's hub clients: connected with the protocol <c>BENCH_HUB_PROTOCOL</c> names (<c>messagepack</c>, the default, or
/// <c>json</c>), they count the events they receive and read of each message only its ids (<see cref="ChangeId"/>,
/// <see cref="BatchIds"/>): the clients parse on the same 2 cores as the server, so they do no more than a client needs to.
/// </summary>
public static class BenchHub
{
    public static bool MessagePack =>
        !string.Equals(Environment.GetEnvironmentVariable("BENCH_HUB_PROTOCOL"), "json", StringComparison.OrdinalIgnoreCase);

    public static string Protocol => MessagePack ? "MessagePack" : "JSON";

    /// <summary>A hub connection to <paramref name="baseAddress"/> as the user of <paramref name="token"/>, in the bench's protocol.</summary>
    public static HubConnection Connect(Uri baseAddress, string token)
    {
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, "/hubs/coverage"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token));
        if (MessagePack) builder.AddMessagePackProtocol();
        return builder.Build();
    }

    /// <summary>Calls <paramref name="arrived"/> with the number of events of each StationChanged, StationsChanged and
    /// StationsBatch message.</summary>
    public static void CountEvents(HubConnection connection, Action<int> arrived)
    {
        connection.On<ChangeId>("StationChanged", _ => arrived(1));
        connection.On<ChangeId[]>("StationsChanged", changes => arrived(changes.Length));
        connection.On<BatchIds>("StationsBatch", batch => arrived(batch.EventIds.Length));
    }
}

/// <summary>What a bench hub client reads of a <c>StationChanged</c>: its event id (the other fields are skipped).</summary>
[MessagePackObject]
public sealed record ChangeId([property: Key("eventId")] long EventId);

/// <summary>What a bench hub client reads of a <c>StationsBatch</c>: its event ids (delta-encoded) and station ids; the other
/// columns are skipped by the parser without being materialised, as a client that needs only these would.</summary>
[MessagePackObject]
public sealed record BatchIds([property: Key("eventIds")] long[] EventIds, [property: Key("stationIds")] int[] StationIds);

/// <summary>The client's MessagePack protocol, recording the size on the wire of the largest message of each target it read
/// (the measured probe of <see cref="HubBench"/>).</summary>
public sealed class MeasuringMessagePackProtocol(Dictionary<string, long> largest) : IHubProtocol
{
    private readonly MessagePackHubProtocol _inner = new();

    public string Name => _inner.Name;

    public int Version => _inner.Version;

    public TransferFormat TransferFormat => _inner.TransferFormat;

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message)
    {
        var before = input.Length;
        if (!_inner.TryParseMessage(ref input, binder, out message)) return false;
        if (message is InvocationMessage invocation)
            lock (largest) largest[invocation.Target] = Math.Max(largest.GetValueOrDefault(invocation.Target), before - input.Length);
        return true;
    }

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => _inner.WriteMessage(message, output);

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => _inner.GetMessageBytes(message);

    public bool IsVersionSupported(int version) => _inner.IsVersionSupported(version);
}
