using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Coverage.Domain.Stations;
using Coverage.Domain.Coverage;
using Coverage.Dashboard.Security;
using Coverage.Infrastructure.Queries;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Coverage.Dashboard.Services;

/// <summary>
/// A serialized map layer with its ETag. Its brotli copy is made with it (what browsers ask for), the gzip copy on first
/// request; both are kept with it. The live layers everyone shares are compressed at <see cref="CompressionLevel.Optimal"/>,
/// an ad-hoc layer (a past <c>asOf</c>, often asked for once) at <see cref="CompressionLevel.Fastest"/>.
/// </summary>
public sealed class MapPayload(byte[] json, string etag, CompressionLevel level = CompressionLevel.Optimal)
{
    private readonly Lock _lock = new();
    private byte[]? _gzip;
    private byte[]? _brotli;

    public string ETag { get; } = etag;
    public byte[] Json { get; } = json;
    public CompressionLevel Level { get; } = level;

    public byte[] Gzip => Volatile.Read(ref _gzip) ?? Compress(ref _gzip, s => new GZipStream(s, Level));

    public byte[] Brotli => Volatile.Read(ref _brotli) ?? Compress(ref _brotli, s => new BrotliStream(s, Level));

    /// <summary>What this layer holds: the JSON and the compressed copies made so far.</summary>
    public long Bytes => Json.Length + (Volatile.Read(ref _gzip)?.Length ?? 0) + (Volatile.Read(ref _brotli)?.Length ?? 0);

    /// <summary>Told the size of each compressed copy made after the layer was cached (by <see cref="LayerCache"/>).</summary>
    internal Action<long>? Grown { get; set; }

    private byte[] Compress(ref byte[]? copy, Func<Stream, Stream> wrap)
    {
        lock (_lock)
        {
            if (copy is { } made) return made;
            using var output = new MemoryStream();
            using (var compressor = wrap(output)) compressor.Write(Json);
            var bytes = output.ToArray();
            Volatile.Write(ref copy, bytes);
            Grown?.Invoke(bytes.Length);
            return bytes;
        }
    }
}

/// <summary>
/// Builds the GeoJSON layers the map draws by combining the cached simplified geometry with the snapshot's
/// current properties. A layer's ETag is derived from the geometry version, the snapshot's last event id and
/// the filter, so an unchanged layer is answered with 304 and a changed station makes a new one.
/// </summary>
public sealed class MapLayers : IDisposable
{
    private readonly LayerCache _cache;
    private readonly SemaphoreSlim _builds;
    private readonly int _maxQueued;
    private int _waiting;
    private readonly MapGeometryStore geometry;
    private readonly CoverageFigures figures;
    private readonly LiveMetrics metrics;
    private readonly LayerBuildLimiter limiter;

    public MapLayers(MapGeometryStore geometry, CoverageFigures figures, LiveMetrics metrics, LayerBuildLimiter limiter,
        IOptions<LayerOptions> options, TimeProvider clock)
    {
        this.geometry = geometry;
        this.figures = figures;
        this.metrics = metrics;
        this.limiter = limiter;
        var o = options.Value;
        _cache = new LayerCache(o.CacheBytes, TimeSpan.FromMinutes(o.IdleMinutes), clock) { Evicted = metrics.LayersEvicted };
        _builds = new SemaphoreSlim(o.MaxConcurrentBuilds, o.MaxConcurrentBuilds);
        _maxQueued = o.MaxQueuedBuilds;
        metrics.ObserveLayerCache(() => _cache.Count, () => _cache.Bytes);
    }

    /// <summary>
    /// Township cells with their status and mode under the filter. <paramref name="caller"/> (the signed-in principal,
    /// <see cref="RequestLimits.Caller"/>) pays for a layer that must be built; null is the server's own work, never limited.
    /// </summary>
    public Task<MapPayload> TownshipsAsync(CoverageSnapshot snapshot, CoverageFilter filter, string? caller, CancellationToken ct) =>
        CachedAsync("townships", snapshot, filter, caller, ct, (geo, writer) =>
        {
            foreach (var t in snapshot.Select(filter))
            {
                if (!geo.Townships.TryGetValue(t.Code, out var shape)) continue;
                WriteFeature(writer, t.Code, t.Name, shape, () =>
                {
                    writer.WriteString("countyCode", t.CountyCode);
                    WriteIdOrNull(writer, "status", t.StatusAsOf(filter.AsOf));
                    WriteIdOrNull(writer, "mode", t.Station?.Mode);
                });
            }
        });

    /// <summary>County outlines with their coverage (the choropleth), in the filter's prefecture or all.</summary>
    public Task<MapPayload> CountiesAsync(CoverageSnapshot snapshot, CoverageFilter filter, string? caller, CancellationToken ct) =>
        CachedAsync("counties", snapshot, filter, caller, ct, (geo, writer) =>
        {
            foreach (var c in figures.Counties(snapshot, filter))
            {
                if (!geo.Counties.TryGetValue(c.Code!, out var shape)) continue;
                WriteDivision(writer, c, shape, "prefectureCode", snapshot.Counties[c.Code!].PrefectureCode);
            }
        });

    /// <summary>Prefecture outlines with their coverage.</summary>
    public Task<MapPayload> PrefecturesAsync(CoverageSnapshot snapshot, CoverageFilter filter, string? caller, CancellationToken ct) =>
        CachedAsync("prefectures", snapshot, filter, caller, ct, (geo, writer) =>
        {
            foreach (var p in figures.Prefectures(snapshot, filter))
            {
                if (!geo.Prefectures.TryGetValue(p.Code!, out var shape)) continue;
                WriteDivision(writer, p, shape, null, null);
            }
        });

    public void Dispose() => _builds.Dispose();

    /// <summary>
    /// The layer for this snapshot and filter, built once and kept while it is asked for. A build is paid for by the caller
    /// (the per-user limit) and waits for one of the build slots, so building layers can never take every thread: requests
    /// that wait hold none, and /healthz and the cached layers are answered meanwhile.
    /// </summary>
    private async Task<MapPayload> CachedAsync(string layer, CoverageSnapshot snapshot, CoverageFilter filter, string? caller, CancellationToken ct,
        Action<MapGeometry, Utf8JsonWriter> writeFeatures)
    {
        var geo = await geometry.GetAsync(ct);
        var key = Key(layer, geo, snapshot, filter);
        if (_cache.TryGet(key, out var cached))
        {
            metrics.LayerHit();
            return cached;
        }
        try
        {
            limiter.Acquire(caller);
        }
        catch (LayerBuildRefusedException e)
        {
            metrics.LayerRefused(e.Reason);
            throw;
        }
        await WaitForSlotAsync(ct);
        try
        {
            // Another request may have built it while this one waited (every wall asks for the same new layer at once).
            if (_cache.TryGet(key, out cached))
            {
                metrics.LayerHit();
                return cached;
            }
            metrics.LayerMiss();
            var started = Stopwatch.GetTimestamp();
            var payload = Build(key, filter.AsOf is null ? CompressionLevel.Optimal : CompressionLevel.Fastest, writer => writeFeatures(geo, writer));
            _ = payload.Brotli;
            metrics.LayerBuilt(Stopwatch.GetElapsedTime(started));
            _cache.Add(key, payload);
            return payload;
        }
        finally
        {
            _builds.Release();
        }
    }

    private async Task WaitForSlotAsync(CancellationToken ct)
    {
        if (_builds.Wait(0)) return;
        if (Interlocked.Increment(ref _waiting) > _maxQueued)
        {
            Interlocked.Decrement(ref _waiting);
            metrics.LayerRefused("busy");
            throw new LayerBuildRefusedException(StatusCodes.Status503ServiceUnavailable, TimeSpan.FromSeconds(1), "Map layers are busy.",
                "Every map-layer build slot is taken and the queue is full; try again after Retry-After seconds.", "busy");
        }
        try
        {
            await _builds.WaitAsync(ct);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    private static void WriteDivision(Utf8JsonWriter writer, CoverageFigure figure, string shape, string? parentName, string? parent) =>
        WriteFeature(writer, figure.Code!, figure.Name!, shape, () =>
        {
            if (parentName is not null) writer.WriteString(parentName, parent);
            writer.WriteNumber("townships", figure.Tally.Townships);
            writer.WriteNumber("covered", figure.Tally.Covered);
            writer.WriteNumber("coverage", Math.Round(figure.Percent, 1));
        });

    /// <summary>One GeoJSON feature: its code and name, the layer's own properties, and the cached geometry text.</summary>
    private static void WriteFeature(Utf8JsonWriter writer, string code, string name, string shape, Action writeProperties)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "Feature");
        writer.WritePropertyName("properties");
        writer.WriteStartObject();
        writer.WriteString("code", code);
        writer.WriteString("name", name);
        writeProperties();
        writer.WriteEndObject();
        writer.WritePropertyName("geometry");
        writer.WriteRawValue(shape, skipInputValidation: true);
        writer.WriteEndObject();
    }

    private static void WriteIdOrNull<T>(Utf8JsonWriter writer, string name, T? value) where T : struct, Enum
    {
        if (value is { } v) writer.WriteString(name, DomainIds.Id(v));
        else writer.WriteNull(name);
    }

    private static string Key(string layer, MapGeometry geo, CoverageSnapshot snapshot, CoverageFilter filter) =>
        string.Create(CultureInfo.InvariantCulture, $"{layer}|{geo.Version}|{snapshot.LastEventId}|{FilterQuery.ToQueryString(filter)}");

    private static MapPayload Build(string key, CompressionLevel level, Action<Utf8JsonWriter> writeFeatures)
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "FeatureCollection");
            writer.WritePropertyName("features");
            writer.WriteStartArray();
            writeFeatures(writer);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..20];
        return new MapPayload(buffer.WrittenSpan.ToArray(), $"W/\"{hash}\"", level);
    }
}

public static class MapLayerServices
{
    /// <summary>The map layers, their cache and build settings (<c>Layers:*</c>) and the per-user build limit.</summary>
    public static IServiceCollection AddMapLayers(this IServiceCollection services)
    {
        services.AddOptions<LayerOptions>().BindConfiguration(LayerOptions.Section)
            .Validate(o => o.IsValid, "Layers:CacheBytes, Layers:IdleMinutes and Layers:MaxConcurrentBuilds must be positive, Layers:MaxQueuedBuilds not negative.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<LayerBuildLimiter>();
        services.AddSingleton<MapLayers>();
        return services;
    }
}
