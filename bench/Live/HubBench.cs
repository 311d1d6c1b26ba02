using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace Coverage.Bench.Live;

/// <summary>
/// Hub fan-out: N SignalR connections to /hubs/coverage; serial station changes committed by plain SQL
/// (each its own transaction, one event each); latency = commit start → arrival at each client.
/// Then a burst: one transaction changing every station; time until every client has every event.
/// </summary>
public static class HubBench
{
    public static async Task RunAsync(BenchApp app, int connections, int changes, int intervalMs, bool burst, bool compact)
    {
        var stations = (int)await app.ScalarAsync("SELECT count(*) FROM stations");
        var sentAt = new long[changes];
        var latencies = new List<double>[connections];
        var counts = new int[connections];
        var clients = new HubConnection[connections];
        var expected = 0;
        var allArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var remaining = connections;
        long burstStart = 0;
        var burstDone = new long[connections];
        var closed = 0;

        var connect = Stopwatch.StartNew();
        for (var batch = 0; batch < connections; batch += 100)
        {
            await Task.WhenAll(Enumerable.Range(batch, Math.Min(100, connections - batch)).Select(async i =>
            {
                latencies[i] = new List<double>(changes);
                var client = BenchHub.Connect(app.BaseAddress, app.User.Token);
                void Arrived(int n)
                {
                    var now = Stopwatch.GetTimestamp();
                    for (var j = 0; j < n; j++)
                    {
                        var k = Interlocked.Increment(ref counts[i]) - 1;
                        if (k < changes) latencies[i].Add(Stopwatch.GetElapsedTime(sentAt[k], now).TotalMilliseconds);
                        else if (k == expected - 1) burstDone[i] = now;
                        if (k == expected - 1 && Interlocked.Decrement(ref remaining) == 0) allArrived.TrySetResult();
                    }
                }
                // A client the server closed (e.g. its pings came too late on a loaded machine) is counted apart, not waited for.
                client.Closed += _ =>
                {
                    Interlocked.Increment(ref closed);
                    if (Volatile.Read(ref counts[i]) < expected && Interlocked.Decrement(ref remaining) == 0) allArrived.TrySetResult();
                    return Task.CompletedTask;
                };
                BenchHub.CountEvents(client, Arrived);
                await client.StartAsync();
                if (compact) await client.InvokeAsync("UseCompactBatches");
                clients[i] = client;
            }));
        }
        // Two more clients measure the burst's payload as it is on the wire (JSON text), in each form.
        var payload = new Dictionary<string, int>();
        foreach (var form in new[] { "StationsChanged", "StationsBatch" })
        {
            var probe = app.NewHubConnection();
            probe.On<JsonElement>(form, m => { lock (payload) payload[form] = Math.Max(payload.GetValueOrDefault(form), m.GetRawText().Length); });
            await probe.StartAsync();
            if (form == "StationsBatch") await probe.InvokeAsync("UseCompactBatches");
            clients = [.. clients, probe];
        }
        // And one the batch in MessagePack, measured as its protocol reads it.
        var binary = new Dictionary<string, long>();
        var measuring = new HubConnectionBuilder()
            .WithUrl(new Uri(app.BaseAddress, "/hubs/coverage"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(app.User.Token));
        measuring.Services.AddSingleton<IHubProtocol>(new MeasuringMessagePackProtocol(binary));
        var binaryProbe = measuring.Build();
        binaryProbe.On<BatchIds>("StationsBatch", _ => { });
        await binaryProbe.StartAsync();
        await binaryProbe.InvokeAsync("UseCompactBatches");
        clients = [.. clients, binaryProbe];
        Console.WriteLine($"hub: clients speak {BenchHub.Protocol} and take many changes as {(compact ? "StationsBatch (compact columns; a client parses only eventIds and stationIds)" : "StationsChanged (an array of objects, of which a client parses only the event ids)")}");
        Console.WriteLine($"hub: {connections} connections open in {connect.Elapsed.TotalSeconds:F1} s; server working set {app.WorkingSetBytes() / 1048576.0:F0} MiB");

        expected = changes;
        var random = new Random(42);
        await using (var writer = await app.OpenWriterAsync())
        for (var k = 0; k < changes; k++)
        {
            var id = 1 + random.Next(stations);
            sentAt[k] = Stopwatch.GetTimestamp();
            await writer.ExecuteAsync($"UPDATE stations SET mode = CASE WHEN mode = 'existingVenue' THEN 'countySelfBuilt' ELSE 'existingVenue' END WHERE id = {id}");
            await Task.Delay(intervalMs);
        }
        await allArrived.Task.WaitAsync(TimeSpan.FromSeconds(120));
        var all = latencies.SelectMany(l => l).ToList();
        Console.WriteLine($"hub fan-out ({connections} connections, {changes} changes, one every {intervalMs} ms): {Stats.Describe(all)}; connections closed by the server: {closed}");

        if (burst)
        {
            remaining = connections - closed;
            allArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            expected = changes + stations;
            // CPU time spent by the server and by this process (the clients) over the burst: unlike the wall-clock figures,
            // hardly moved by what else runs on the machine, so a change in the work per burst shows even on a busy box.
            using var server = Process.GetProcessById(app.ProcessId);
            var serverCpu = server.TotalProcessorTime;
            var clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
            burstStart = Stopwatch.GetTimestamp();
            await app.ExecuteAsync("UPDATE stations SET mode = CASE WHEN mode = 'existingVenue' THEN 'countySelfBuilt' ELSE 'existingVenue' END");
            var committed = Stopwatch.GetElapsedTime(burstStart).TotalMilliseconds;
            await allArrived.Task.WaitAsync(TimeSpan.FromMinutes(10));
            var perClient = burstDone.Where(t => t != 0).Select(t => Stopwatch.GetElapsedTime(burstStart, t).TotalMilliseconds).ToList();
            Console.WriteLine($"hub burst ({stations} changes in one transaction, commit took {committed:F0} ms) → last event at each of {connections} clients: {Stats.Describe(perClient)}");
            server.Refresh();
            Console.WriteLine($"hub burst CPU time (until the last client had every event): server {(server.TotalProcessorTime - serverCpu).TotalMilliseconds:F0} ms, " +
                $"the {connections} clients (this process) {(Process.GetCurrentProcess().TotalProcessorTime - clientCpu).TotalMilliseconds:F0} ms; load average {Stats.LoadAverage()}");
            await Task.Delay(2000);
            lock (payload) lock (binary)
                Console.WriteLine($"hub burst payload per client: JSON text StationsChanged {payload.GetValueOrDefault("StationsChanged") / 1024.0:F0} KB, " +
                    $"StationsBatch {payload.GetValueOrDefault("StationsBatch") / 1024.0:F0} KB; MessagePack StationsBatch {binary.GetValueOrDefault("StationsBatch") / 1024.0:F0} KB (the whole message)");
            Console.WriteLine($"hub burst: {(long)connections * stations:N0} messages delivered, every event id exactly once per open client: {counts.All(c => c == expected || c < expected && closed > 0)}; connections closed by the server: {closed}");
        }

        await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
    }
}
