using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;

namespace Coverage.Bench;

/// <summary>
/// <c>layers</c>: the layer API under ad-hoc filters. N concurrent clients ask for <c>/api/map/townships</c> and
/// <c>/api/map/counties</c> (whole province, <c>Accept-Encoding: br, gzip</c> like a browser) with a different <c>asOf</c> on
/// every request, so every request is a layer nobody asked for before; meanwhile one client asks <c>/healthz</c> every 50 ms.
/// Once as one user, once spread over several users (the per-user limit on layer builds refuses the first with 429; the
/// others each have their own). Prints req/s, latency percentiles, 429s, the /healthz percentiles measured at the same time,
/// and the layer cache's metrics from <c>/metrics</c> (an admin token). Then what compressing the province township layer
/// costs at each level, measured here on its JSON.
/// </summary>
public static class LayersBench
{
    private static int s_request; // every request of the run gets its own (layer, asOf) pair

    public static async Task RunAsync(Uri baseAddress, IReadOnlyList<string> tokens, string? adminToken)
    {
        var clients = Setting("BENCH_LAYERS_CLIENTS", 16);
        var seconds = Setting("BENCH_LAYERS_SECONDS", 20);
        Console.WriteLine($"layers {clients} clients, {seconds} s a phase, a new asOf on every request; load average before: {LoadAverage()}");
        await PhaseAsync(baseAddress, "idle", [tokens[0]], 0, 5); // /healthz with no layer load, on this machine now
        await PhaseAsync(baseAddress, "one user", [tokens[0]], clients, seconds);
        await MetricsAsync(baseAddress, adminToken);
        if (tokens.Count > 1)
        {
            await PhaseAsync(baseAddress, $"{tokens.Count} users", tokens, clients, seconds);
            await MetricsAsync(baseAddress, adminToken);
        }
        await CompressionAsync(baseAddress, adminToken ?? tokens[0]); // the admin has built nothing: not limited
        Console.WriteLine($"layers load average after: {LoadAverage()}");
    }

    private static async Task PhaseAsync(Uri baseAddress, string name, IReadOnlyList<string> tokens, int clients, int seconds)
    {
        using var http = new HttpClient(new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.None, MaxConnectionsPerServer = clients + 4,
        }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var health = new List<double>();
        var healthFailures = 0;
        var prober = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var watch = Stopwatch.StartNew();
                try
                {
                    using var response = await http.GetAsync("healthz", CancellationToken.None);
                    await response.Content.ReadAsByteArrayAsync(CancellationToken.None);
                    if (response.StatusCode != HttpStatusCode.OK) healthFailures++;
                }
                catch (HttpRequestException) { healthFailures++; }
                health.Add(watch.Elapsed.TotalMilliseconds);
                try { await Task.Delay(50, stop.Token); } catch (OperationCanceledException) { }
            }
        });
        var results = await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(() => ClientAsync(http, tokens[c % tokens.Count], stop.Token))));
        await prober;
        var all = results.SelectMany(r => r).ToList();
        if (clients == 0)
        {
            Console.WriteLine(FormattableString.Invariant(
                $"layers {name,-8} /healthz with no layer load: {health.Count} probes, p50 {Percentile(health, 0.5):0.0} ms  p99 {Percentile(health, 0.99):0.0} ms  max {health.DefaultIfEmpty(0).Max():0.0} ms; load average {LoadAverage()}"));
            return;
        }
        var ok = all.Where(r => r.Status == 200).Select(r => r.Ms).ToList();
        var refused = all.Count(r => r.Status == 429);
        var other = all.Count(r => r.Status is not 200 and not 429);
        var otherDetail = string.Join(", ", all.Where(r => r.Status is not 200 and not 429).GroupBy(r => r.Status).Select(g => $"{g.Key}×{g.Count()}"));
        var retryAfter = all.Where(r => r.Status == 429).Select(r => r.RetryAfter).DefaultIfEmpty(0).Max();
        Console.WriteLine(FormattableString.Invariant(
            $"layers {name,-8} {all.Count / (double)seconds,7:0.0} req/s ({ok.Count / (double)seconds:0.0} built and served 200/s)  200: {ok.Count}  429: {refused} (Retry-After ≤ {retryAfter} s)  other: {other}{(other > 0 ? $" ({otherDetail})" : "")}"));
        if (ok.Count > 0)
            Console.WriteLine(FormattableString.Invariant(
                $"layers {name,-8} 200 latency p50 {Percentile(ok, 0.5):0.0} ms  p95 {Percentile(ok, 0.95):0.0} ms  p99 {Percentile(ok, 0.99):0.0} ms  max {ok.Max():0.0} ms"));
        var everything = all.Select(r => r.Ms).ToList();
        if (everything.Count > 0)
            Console.WriteLine(FormattableString.Invariant(
                $"layers {name,-8} all answers p50 {Percentile(everything, 0.5):0.0} ms  p95 {Percentile(everything, 0.95):0.0} ms  p99 {Percentile(everything, 0.99):0.0} ms"));
        Console.WriteLine(FormattableString.Invariant(
            $"layers {name,-8} /healthz meanwhile: {health.Count} probes, p50 {Percentile(health, 0.5):0.0} ms  p99 {Percentile(health, 0.99):0.0} ms  max {health.DefaultIfEmpty(0).Max():0.0} ms  not 200: {healthFailures}; load average {LoadAverage()}"));
    }

    private static async Task<List<(int Status, double Ms, int RetryAfter)>> ClientAsync(HttpClient http, string token, CancellationToken stop)
    {
        var results = new List<(int, double, int)>();
        while (!stop.IsCancellationRequested)
        {
            var i = Interlocked.Increment(ref s_request);
            var layer = i % 2 == 0 ? "townships" : "counties";
            // asOf accepts the years 2000–2100: about 36,500 days, so a very long run wraps round (long evicted by then).
            var asOf = new DateOnly(2000, 1, 1).AddDays(i / 2 % 36_000).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            using var request = new HttpRequestMessage(HttpMethod.Get, $"api/map/{layer}?asOf={asOf}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.AcceptEncoding.ParseAdd("br");
            request.Headers.AcceptEncoding.ParseAdd("gzip");
            var watch = Stopwatch.StartNew();
            try
            {
                using var response = await http.SendAsync(request, CancellationToken.None);
                await response.Content.ReadAsByteArrayAsync(CancellationToken.None);
                var after = response.Headers.RetryAfter?.Delta is { } d ? (int)d.TotalSeconds : 0;
                results.Add(((int)response.StatusCode, watch.Elapsed.TotalMilliseconds, after));
            }
            catch (HttpRequestException)
            {
                results.Add((0, watch.Elapsed.TotalMilliseconds, 0));
            }
        }
        return results;
    }

    /// <summary>The layer cache's own metrics (coverage_layers_*) and the process's working set, from /metrics.</summary>
    private static async Task MetricsAsync(Uri baseAddress, string? adminToken)
    {
        if (adminToken is null)
        {
            Console.WriteLine("layers metrics: BENCH_ADMIN_TOKEN not set, /metrics not read");
            return;
        }
        using var http = new HttpClient { BaseAddress = baseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        var text = await http.GetStringAsync("metrics");
        var lines = text.Split('\n').Where(l => (l.StartsWith("coverage_layers", StringComparison.Ordinal) || l.StartsWith("dotnet_process_memory_working_set", StringComparison.Ordinal)
            || l.StartsWith("process_working_set", StringComparison.Ordinal)) && !l.Contains("_bucket", StringComparison.Ordinal)).ToList();
        Console.WriteLine("layers metrics: " + (lines.Count == 0 ? "(no coverage_layers_* lines)" : string.Join("  ", lines.Select(Shorten))));
    }

    private static string Shorten(string line)
    {
        var brace = line.IndexOf('{', StringComparison.Ordinal);
        var space = line.LastIndexOf(' ');
        var name = brace > 0 ? line[..brace] : line[..Math.Max(0, space)];
        var labels = brace > 0 ? line[brace..(line.IndexOf('}', StringComparison.Ordinal) + 1)] : "";
        labels = string.Join(",", labels.Trim('{', '}').Split(',').Where(l => !l.StartsWith("otel_scope", StringComparison.Ordinal) && l.Length > 0));
        var value = line[(space + 1)..];
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= 1 << 20)
            value = FormattableString.Invariant($"{v / (1 << 20):0.0}MiB");
        return labels.Length > 0 ? $"{name}{{{labels}}}={value}" : $"{name}={value}";
    }

    /// <summary>What each compression level costs on the province township layer (its JSON, fetched uncompressed).</summary>
    private static async Task CompressionAsync(Uri baseAddress, string token)
    {
        using var http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = baseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        byte[] json;
        try
        {
            json = await http.GetByteArrayAsync("api/map/townships");
        }
        catch (HttpRequestException e)
        {
            Console.WriteLine($"layers compress: could not fetch the township layer ({e.Message})");
            return;
        }
        foreach (var level in new[] { CompressionLevel.Fastest, CompressionLevel.Optimal, CompressionLevel.SmallestSize })
        {
            foreach (var (codec, wrap) in new (string, Func<Stream, Stream>)[]
                     { ("br", s => new BrotliStream(s, level)), ("gzip", s => new GZipStream(s, level)) })
            {
                if (codec == "br" && level == CompressionLevel.SmallestSize) continue; // brotli 11: ~10 s for this layer, never a choice
                var times = new List<double>();
                long size = 0;
                for (var i = 0; i < 5; i++)
                {
                    var watch = Stopwatch.StartNew();
                    using var output = new MemoryStream();
                    using (var compressor = wrap(output)) compressor.Write(json);
                    times.Add(watch.Elapsed.TotalMilliseconds);
                    size = output.ToArray().Length; // the compressor closed the stream; its buffer is still readable
                }
                Console.WriteLine(FormattableString.Invariant(
                    $"layers compress province townships {json.Length / 1024.0:0} KB JSON  {codec,-4} {level,-12} median {Percentile(times, 0.5),6:0.0} ms  → {size / 1024.0,6:0.0} KB"));
            }
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : fallback;

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0) return 0;
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
