using System.Diagnostics.Tracing;
using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Diagnostics.NETCore.Client;

namespace Coverage.Bench.Live;

/// <summary>
/// Reads the dashboard under the bench from outside, as an operator could: its <c>/metrics</c> as a province admin with a
/// personal access token (as Prometheus scrapes it), and a full blocking GC induced over the .NET diagnostics port (an
/// EventPipe session with the runtime's GCHeapCollect keyword, what <c>dotnet-gcdump</c> does; the port is the process's own
/// user's Unix socket, nothing is opened in the app), so the managed heap read afterwards holds only what is alive.
/// </summary>
public sealed class ServerProbe(BenchApp app, HttpClient admin)
{
    private const long GcKeyword = 0x1, GcHeapCollectKeyword = 0x800000;

    public static async Task<ServerProbe> CreateAsync(BenchApp app)
    {
        var user = await app.AddUserAsync($"bench-ops-{Environment.ProcessId}@bench.local", "provinceAdmin");
        return new ServerProbe(app, app.NewClient(user));
    }

    /// <summary>The metrics page, as Prometheus reads it.</summary>
    public async Task<Metrics> ScrapeAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/plain"));
        using var response = await admin.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return new Metrics(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Induces a full blocking GC in the dashboard, then answers its managed heap (after that GC) and RSS.</summary>
    public async Task<(long HeapBytes, long FragmentationBytes, long RssBytes, double Gen2Collections)> CollectAsync()
    {
        var gen2Before = (await ScrapeAsync()).Sum("dotnet_gc_collections_total", "gc_heap_generation=\"gen2\"");
        var client = new DiagnosticsClient(app.ProcessId);
        using (var session = client.StartEventPipeSession(
                   [new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, GcKeyword | GcHeapCollectKeyword)],
                   requestRundown: false))
        {
            var drain = session.EventStream.CopyToAsync(Stream.Null);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            // The GC runs when the session starts; wait until the runtime's own count shows it (the exporter caches a scrape briefly).
            while ((await ScrapeAsync()).Sum("dotnet_gc_collections_total", "gc_heap_generation=\"gen2\"") <= gen2Before && clock.Elapsed < TimeSpan.FromSeconds(30))
                await Task.Delay(500);
            await session.StopAsync(CancellationToken.None);
            await drain;
        }
        await Task.Delay(1500); // past the exporter's scrape cache
        var metrics = await ScrapeAsync();
        return ((long)metrics.Sum("dotnet_gc_last_collection_heap_size_bytes"), (long)metrics.Sum("dotnet_gc_last_collection_heap_fragmentation_size_bytes"),
            app.WorkingSetBytes(), metrics.Sum("dotnet_gc_collections_total", "gc_heap_generation=\"gen2\"") - gen2Before);
    }
}

/// <summary>A Prometheus text page.</summary>
public sealed class Metrics(string text)
{
    public string Text => text;

    /// <summary>The sum of every sample of <paramref name="name"/> whose labels contain <paramref name="label"/> (when given).</summary>
    public double Sum(string name, string? label = null) =>
        Samples(name).Where(s => label is null || s.Labels.Contains(label, StringComparison.Ordinal)).Sum(s => s.Value);

    public IEnumerable<(string Labels, double Value)> Samples(string name)
    {
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith(name, StringComparison.Ordinal) || line.Length == name.Length || line[name.Length] is not ('{' or ' ')) continue;
            var end = line.IndexOf('}', StringComparison.Ordinal);
            var labels = line[name.Length] == '{' ? line[(name.Length + 1)..end] : "";
            var rest = line[((end < 0 ? name.Length : end) + 1)..].Trim().Split(' ')[0];
            if (double.TryParse(rest, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) yield return (labels, value);
        }
    }

    /// <summary>
    /// The <paramref name="p"/>th percentile of histogram <paramref name="name"/> (base name, e.g. coverage_hub_sent_seconds) over
    /// what was recorded between <paramref name="before"/> and this scrape, as Prometheus' histogram_quantile reads it
    /// (linear within the bucket; +∞ when it lies beyond the top bucket); with the count. <paramref name="label"/> (e.g.
    /// <c>screen="wall"</c>): only the series with that label.
    /// </summary>
    public (double Seconds, double Count) Quantile(Metrics before, string name, double p, string? label = null)
    {
        Dictionary<double, double> Buckets(Metrics m, string name) => m.Samples(name + "_bucket")
            .Where(s => label is null || s.Labels.Contains(label, StringComparison.Ordinal))
            .GroupBy(s => Le(s.Labels)).ToDictionary(g => g.Key, g => g.Sum(s => s.Value));
        static double Le(string labels)
        {
            var i = labels.IndexOf("le=\"", StringComparison.Ordinal) + 4;
            var v = labels[i..labels.IndexOf('"', i)];
            return v == "+Inf" ? double.PositiveInfinity : double.Parse(v, CultureInfo.InvariantCulture);
        }
        var now = Buckets(this, name);
        var then = Buckets(before, name);
        var delta = now.OrderBy(b => b.Key).Select(b => (Le: b.Key, Count: b.Value - then.GetValueOrDefault(b.Key))).ToList();
        if (delta.Count == 0 || delta[^1].Count == 0) return (double.NaN, 0);
        var total = delta[^1].Count;
        var rank = p / 100 * total;
        var lower = 0.0;
        var below = 0.0;
        foreach (var (le, count) in delta)
        {
            if (count >= rank)
                return (double.IsPositiveInfinity(le) ? double.PositiveInfinity : lower + (le - lower) * ((rank - below) / Math.Max(1, count - below)), total);
            lower = le;
            below = count;
        }
        return (lower, total);
    }
}
