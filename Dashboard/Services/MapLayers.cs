using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Coverage.Domain.Stations;
using Coverage.Domain.Coverage;
using Coverage.Infrastructure.Queries;
using Microsoft.Extensions.Caching.Memory;

namespace Coverage.Dashboard.Services;

/// <summary>
/// A serialized map layer with its ETag. The compressed variants are made once, on first request, and kept
/// with it: a province layer is about a megabyte of JSON and every wall display asks for the same one.
/// </summary>
public sealed class MapPayload(byte[] json, string etag)
{
    private byte[]? _gzip;
    private byte[]? _brotli;

    public string ETag { get; } = etag;
    public byte[] Json { get; } = json;

    public byte[] Gzip => _gzip ??= Compress(s => new GZipStream(s, CompressionLevel.Optimal));

    public byte[] Brotli => _brotli ??= Compress(s => new BrotliStream(s, CompressionLevel.Optimal));

    private byte[] Compress(Func<Stream, Stream> wrap)
    {
        using var output = new MemoryStream();
        using (var compressor = wrap(output)) compressor.Write(Json);
        return output.ToArray();
    }
}

/// <summary>
/// Builds the GeoJSON layers the map draws by combining the cached simplified geometry with the snapshot's
/// current properties. A layer's ETag is derived from the geometry version, the snapshot's last event id and
/// the filter, so an unchanged layer is answered with 304 and a changed station makes a new one.
/// </summary>
public sealed class MapLayers : IDisposable
{
    // Entries are counted, not sized: a handful of scopes and filters are in use at any time.
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 64 });
    private readonly MapGeometryStore geometry;
    private readonly CoverageFigures figures;
    private readonly LiveMetrics metrics;

    public MapLayers(MapGeometryStore geometry, CoverageFigures figures, LiveMetrics metrics)
    {
        this.geometry = geometry;
        this.figures = figures;
        this.metrics = metrics;
        metrics.ObserveLayerEntries(() => _cache.Count);
    }

    public Task<MapPayload> TownshipsAsync(CoverageSnapshot snapshot, CoverageFilter filter, CancellationToken ct) =>
        CachedAsync("townships", snapshot, filter, ct, (geo, writer) =>
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
    public Task<MapPayload> CountiesAsync(CoverageSnapshot snapshot, CoverageFilter filter, CancellationToken ct) =>
        CachedAsync("counties", snapshot, filter, ct, (geo, writer) =>
        {
            foreach (var c in figures.Counties(snapshot, filter))
            {
                if (!geo.Counties.TryGetValue(c.Code!, out var shape)) continue;
                WriteDivision(writer, c, shape, "prefectureCode", snapshot.Counties[c.Code!].PrefectureCode);
            }
        });

    /// <summary>Prefecture outlines with their coverage.</summary>
    public Task<MapPayload> PrefecturesAsync(CoverageSnapshot snapshot, CoverageFilter filter, CancellationToken ct) =>
        CachedAsync("prefectures", snapshot, filter, ct, (geo, writer) =>
        {
            foreach (var p in figures.Prefectures(snapshot, filter))
            {
                if (!geo.Prefectures.TryGetValue(p.Code!, out var shape)) continue;
                WriteDivision(writer, p, shape, null, null);
            }
        });

    public void Dispose() => _cache.Dispose();

    /// <summary>The layer for this snapshot and filter, built once and kept while it is asked for.</summary>
    private async Task<MapPayload> CachedAsync(string layer, CoverageSnapshot snapshot, CoverageFilter filter, CancellationToken ct,
        Action<MapGeometry, Utf8JsonWriter> writeFeatures)
    {
        var geo = await geometry.GetAsync(ct);
        var key = Key(layer, geo, snapshot, filter);
        if (_cache.TryGetValue(key, out MapPayload? cached))
        {
            metrics.LayerHit();
            return cached!;
        }
        metrics.LayerMiss();
        return _cache.GetOrCreate(key, entry =>
        {
            entry.SlidingExpiration = TimeSpan.FromMinutes(10);
            entry.Size = 1;
            return Build(entry.Key.ToString()!, writer => writeFeatures(geo, writer));
        })!;
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

    private static MapPayload Build(string key, Action<Utf8JsonWriter> writeFeatures)
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
        return new MapPayload(buffer.WrittenSpan.ToArray(), $"W/\"{hash}\"");
    }
}
