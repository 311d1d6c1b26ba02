using Coverage.Domain.Coverage;
using Coverage.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Coverage.Infrastructure.Coverage;

/// <summary><see cref="IStationEventLog"/> on <c>station_events</c> (primary key order is event order).</summary>
public sealed class StationEventLog(IDbContextFactory<CoverageDbContext> dbFactory) : IStationEventLog
{
    public async Task<IReadOnlyList<StationChangedMessage>> SinceAsync(long afterEventId, string? prefecture, int limit, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var events = db.StationEvents.AsNoTracking().Where(e => e.Id > afterEventId);
        if (prefecture is not null) events = events.Where(e => e.PrefectureCode == prefecture);
        return await events.OrderBy(e => e.Id).Take(limit).Select(e => e.ToMessage()).ToListAsync(ct);
    }
}
