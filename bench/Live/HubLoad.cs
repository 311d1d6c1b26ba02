using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Coverage.Bench.Live;

/// <summary>
/// Background hub connections that count what they receive (load beside the browser screens), in a process of their own
/// (this bench's <c>hubload</c> command), so their parsing is not charged to the measuring process's thread pool. The parent
/// talks to it over stdin/stdout: <c>mark</c>, <c>wait N seconds</c> (answers <c>done &lt;ms since epoch&gt;</c> or <c>timeout</c>).
/// </summary>
public sealed class HubLoad : IAsyncDisposable
{
    private readonly Process _process;

    private HubLoad(Process process) => _process = process;

    public int ProcessId => _process.Id;

    public static async Task<HubLoad> ConnectAsync(BenchApp app, int connections)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(typeof(HubLoad).Assembly.Location);
        start.ArgumentList.Add("-");
        start.ArgumentList.Add("hubload");
        start.ArgumentList.Add(app.BaseAddress.ToString());
        start.ArgumentList.Add(connections.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.Environment["BENCH_TOKEN"] = app.User.Token; // not on the command line, where any user could read it
        var load = new HubLoad(Process.Start(start)!);
        var line = await load.ReadLineAsync(TimeSpan.FromMinutes(5));
        if (line != "open") throw new InvalidOperationException($"The hub load process answered '{line}'.");
        return load;
    }

    /// <summary>Remembers each connection's count, for <see cref="WaitForAsync"/>.</summary>
    public async Task MarkAsync()
    {
        await _process.StandardInput.WriteLineAsync("mark");
        await ReadLineAsync(TimeSpan.FromMinutes(1));
    }

    /// <summary>Waits until every connection has received <paramref name="events"/> more since <see cref="MarkAsync"/>; returns when (ms since epoch).</summary>
    public async Task<double?> WaitForAsync(int events, TimeSpan timeout)
    {
        await _process.StandardInput.WriteLineAsync($"wait {events} {(int)timeout.TotalSeconds}");
        var line = await ReadLineAsync(timeout + TimeSpan.FromMinutes(1));
        return line?.StartsWith("done ", StringComparison.Ordinal) == true
            ? double.Parse(line[5..], System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    private async Task<string?> ReadLineAsync(TimeSpan timeout) => await _process.StandardOutput.ReadLineAsync().WaitAsync(timeout);

    public async ValueTask DisposeAsync()
    {
        if (_process.HasExited) return;
        await _process.StandardInput.WriteLineAsync("quit");
        if (!_process.WaitForExit(TimeSpan.FromSeconds(30))) _process.Kill();
        _process.Dispose();
    }

    /// <summary>The child process: <paramref name="connections"/> hub clients taking compact batches, counting events.</summary>
    public static async Task RunChildAsync(Uri baseAddress, int connections)
    {
        var token = Environment.GetEnvironmentVariable("BENCH_TOKEN") ?? throw new InvalidOperationException("BENCH_TOKEN is not set.");
        var counts = new int[connections];
        var clients = new List<HubConnection>();
        for (var batch = 0; batch < connections; batch += 100)
        {
            clients.AddRange(await Task.WhenAll(Enumerable.Range(batch, Math.Min(100, connections - batch)).Select(async i =>
            {
                var c = BenchHub.Connect(baseAddress, token);
                BenchHub.CountEvents(c, n => Interlocked.Add(ref counts[i], n));
                await c.StartAsync();
                try
                {
                    await c.InvokeAsync("UseCompactBatches");
                }
                catch (Microsoft.AspNetCore.SignalR.HubException)
                {
                    // a server from before the compact batch: its StationsChanged arrays are counted instead
                }
                return c;
            })));
        }
        Console.WriteLine("open");
        var marks = new int[connections];
        while (await Console.In.ReadLineAsync() is { } command && command != "quit")
        {
            var parts = command.Split(' ');
            if (parts[0] == "mark")
            {
                marks = counts.ToArray();
                Console.WriteLine("marked");
            }
            else if (parts[0] == "wait")
            {
                var events = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
                var clock = Stopwatch.StartNew();
                var timeout = TimeSpan.FromSeconds(int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture));
                while (Enumerable.Range(0, connections).Any(i => Volatile.Read(ref counts[i]) < marks[i] + events) && clock.Elapsed < timeout)
                    await Task.Delay(5);
                Console.WriteLine(clock.Elapsed < timeout ? $"done {PixelBench.NowMs().ToString(System.Globalization.CultureInfo.InvariantCulture)}" : "timeout");
            }
        }
        await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
    }
}
