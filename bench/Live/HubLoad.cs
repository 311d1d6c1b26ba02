using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Coverage.Bench.Live;

/// <summary>Background hub connections that count what they receive (load beside the browser screens).</summary>
public sealed class HubLoad : IAsyncDisposable
{
    private readonly List<HubConnection> _connections = [];
    private int[] _counts = [];

    public static async Task<HubLoad> ConnectAsync(BenchApp app, int connections)
    {
        var load = new HubLoad { _counts = new int[connections] };
        for (var batch = 0; batch < connections; batch += 100)
        {
            var made = await Task.WhenAll(Enumerable.Range(batch, Math.Min(100, connections - batch)).Select(async i =>
            {
                var c = app.NewHubConnection();
                c.On<JsonElement>("StationChanged", _ => Interlocked.Increment(ref load._counts[i]));
                c.On<JsonElement>("StationsChanged", b => Interlocked.Add(ref load._counts[i], b.GetArrayLength()));
                await c.StartAsync();
                return c;
            }));
            load._connections.AddRange(made);
        }
        return load;
    }

    private int[] _marks = [];

    /// <summary>Remembers each connection's count, for <see cref="WaitForAsync"/>.</summary>
    public void Mark() => _marks = _counts.ToArray();

    /// <summary>Waits until every connection has received <paramref name="events"/> more since <see cref="Mark"/>; returns when (ms since epoch).</summary>
    public async Task<double?> WaitForAsync(int events, TimeSpan timeout)
    {
        var start = Stopwatch.StartNew();
        while (Enumerable.Range(0, _counts.Length).Any(i => Volatile.Read(ref _counts[i]) < _marks[i] + events))
        {
            if (start.Elapsed > timeout) return null;
            await Task.Delay(5);
        }
        return PixelBench.NowMs();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var c in _connections) await c.DisposeAsync();
    }
}
