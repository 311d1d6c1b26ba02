using Coverage.Domain.Stations;
using Coverage.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Coverage.Infrastructure.Queries;

public sealed record DivisionCounts(int Prefectures, int Counties, int Townships, IReadOnlyDictionary<StationStatus, int> StationsByStatus)
{
    public int Stations => StationsByStatus.Values.Sum();
}

/// <summary>Counts of divisions and stations, read straight from PostgreSQL.</summary>
public sealed class DivisionCountsQuery(IDbContextFactory<CoverageDbContext> dbFactory)
{
    public async Task<DivisionCounts> RunAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var prefectures = await db.Prefectures.CountAsync(ct);
        var counties = await db.Counties.CountAsync(ct);
        var townships = await db.Townships.CountAsync(ct);
        var byStatus = await db.Stations.GroupBy(s => s.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var all = DomainIds.Statuses.ToDictionary(s => s, s => byStatus.FirstOrDefault(b => b.Key == s)?.Count ?? 0);
        return new DivisionCounts(prefectures, counties, townships, all);
    }
}
