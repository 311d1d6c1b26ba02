using System.Security.Cryptography;
using System.Text;
using Coverage.Infrastructure.Coverage;
using Coverage.Infrastructure.Data.Sql;
using Npgsql;

namespace Coverage.Infrastructure.Queries;

/// <summary>
/// Simplified boundaries as GeoJSON geometry text, keyed by division code. <see cref="Version"/> is a hash of the
/// content, so every node serving the same boundaries gives the same version (and the same ETags).
/// </summary>
public sealed record MapGeometry(
    IReadOnlyDictionary<string, string> Townships,
    IReadOnlyDictionary<string, string> Counties,
    IReadOnlyDictionary<string, string> Prefectures,
    string Version)
{
    public static readonly MapGeometry Empty = new(
        new Dictionary<string, string>(), new Dictionary<string, string>(), new Dictionary<string, string>(), "0");
}

/// <summary>Reads the simplified boundaries of every division from PostGIS (<see cref="MapSql"/>).</summary>
public sealed class MapGeometryQuery(NpgsqlDataSource dataSource)
{
    public async Task<MapGeometry> RunAsync(CancellationToken ct = default)
    {
        var townships = await ReadAsync(MapSql.Townships, MapSql.TownshipTolerance, ct);
        var counties = await ReadAsync(MapSql.Counties, MapSql.CountyTolerance, ct);
        var prefectures = await ReadAsync(MapSql.Prefectures, MapSql.PrefectureTolerance, ct);
        return new MapGeometry(townships, counties, prefectures, Hash(townships, counties, prefectures));
    }

    private async Task<Dictionary<string, string>> ReadAsync(string sql, double tolerance, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("tolerance", tolerance);
        command.Parameters.AddWithValue("decimals", MapSql.Decimals);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct)) result[reader.GetString(0)] = reader.GetString(1);
        return result;
    }

    private static string Hash(params IReadOnlyDictionary<string, string>[] layers)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var layer in layers)
        {
            foreach (var (code, geometry) in layer.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                hash.AppendData(Encoding.UTF8.GetBytes(code));
                hash.AppendData(Encoding.UTF8.GetBytes(geometry));
            }
            hash.AppendData("|"u8);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }
}

/// <summary>
/// Keeps the simplified boundaries in memory: they change only when boundaries are imported, while the
/// map asks for them on every view. Loaded on first use; reloaded after the snapshot is rebuilt (a restore
/// or an import), or when <see cref="Invalidate"/> is called.
/// </summary>
public sealed class MapGeometryStore : IDisposable
{
    private readonly MapGeometryQuery _query;
    private readonly IDisposable _subscription;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile MapGeometry? _current;

    public MapGeometryStore(MapGeometryQuery query, CoverageNotifier notifier)
    {
        _query = query;
        _subscription = notifier.Subscribe(update =>
        {
            if (update.Rebuilt) Invalidate();
            return Task.CompletedTask;
        });
    }

    public async ValueTask<MapGeometry> GetAsync(CancellationToken ct = default)
    {
        if (_current is { } current) return current;
        await _gate.WaitAsync(ct);
        try
        {
            return _current ??= await _query.RunAsync(ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Invalidate() => _current = null;

    public void Dispose()
    {
        _subscription.Dispose();
        _gate.Dispose();
    }
}
