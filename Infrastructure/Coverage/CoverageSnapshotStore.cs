using System.Data;
using System.Text.Json;
using Coverage.Domain.Coverage;
using Coverage.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Coverage.Infrastructure.Coverage;

/// <summary>
/// Holds this node's current <see cref="CoverageSnapshot"/>. It is rebuilt from the database (at start and when
/// the change feed cannot catch up) and patched from events; readers take <see cref="Current"/> and keep a
/// consistent view for as long as they hold it.
/// </summary>
public sealed class CoverageSnapshotStore(IDbContextFactory<CoverageDbContext> dbFactory, TimeProvider clock)
{
    private volatile CoverageSnapshot _current = CoverageSnapshot.Empty;
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public CoverageSnapshot Current => _current;

    /// <summary>Completes when the first snapshot has been built from the database.</summary>
    public Task Loaded => _loaded.Task;

    public bool IsLoaded => _loaded.Task.IsCompleted;

    /// <summary>Rebuilds from the database in one repeatable-read transaction, so the rows and the event id agree.</summary>
    public async Task<CoverageSnapshot> RebuildAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        var lastEventId = await db.StationEvents.MaxAsync(e => (long?)e.Id, ct) ?? 0;
        var prefectures = await db.Prefectures.AsNoTracking().Select(p => new PrefectureInfo(p.Code, p.Name)).ToListAsync(ct);
        var counties = await db.Counties.AsNoTracking().Select(c => new CountyInfo(c.Code, c.Name, c.PrefectureCode, c.Kind)).ToListAsync(ct);
        var townships = await LoadTownshipsAsync(db, null, ct);
        var targets = await db.PlanTargets.AsNoTracking().ToListAsync(ct);
        var dataset = await db.Datasets.AsNoTracking().OrderByDescending(d => d.Id).FirstOrDefaultAsync(ct);
        await tx.CommitAsync(ct);

        var snapshot = new CoverageSnapshot(townships, prefectures, counties, targets, lastEventId, clock.GetUtcNow(), Summarise(dataset));
        Publish(snapshot);
        return snapshot;
    }

    /// <summary>Replaces the current snapshot (the change feed calls this after applying a batch).</summary>
    public void Publish(CoverageSnapshot snapshot)
    {
        _current = snapshot;
        _loaded.TrySetResult();
    }

    /// <summary>The current state of the given townships (all when null), read from the database.</summary>
    public static async Task<List<TownshipState>> LoadTownshipsAsync(CoverageDbContext db, IReadOnlyCollection<string>? codes, CancellationToken ct)
    {
        var query = from t in db.Townships.AsNoTracking()
                    join s in db.Stations.AsNoTracking() on t.Code equals s.TownshipCode into stations
                    from s in stations.DefaultIfEmpty()
                    select new { t.Code, t.Name, t.CountyCode, t.Kind, Station = s };
        if (codes is not null) query = query.Where(x => codes.Contains(x.Code));
        var rows = await query.ToListAsync(ct);
        return rows.Select(r => new TownshipState(r.Code, r.Name, r.CountyCode, r.CountyCode[..4], r.Kind, r.Station?.ToRecord())).ToList();
    }

    private static DatasetSummary? Summarise(DatasetInfo? info)
    {
        if (info is null) return null;
        var kinds = new HashSet<string>();
        using (var doc = JsonDocument.Parse(info.SourcesJson))
        {
            foreach (var source in doc.RootElement.EnumerateArray())
                if (source.TryGetProperty("kind", out var k) && k.GetString() is { } kind) kinds.Add(kind);
        }
        return new DatasetSummary(info.Name, info.ReferenceDate, info.Datum, kinds.Contains("synthetic"), kinds.Contains("approximate"));
    }
}
