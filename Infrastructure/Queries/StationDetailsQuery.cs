using Coverage.Domain.Stations;
using Coverage.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Coverage.Infrastructure.Queries;

/// <summary>Everything known about one station, with the names of the divisions it sits in.</summary>
public sealed record StationDetails(
    int Id,
    string Name,
    string TownshipCode,
    string TownshipName,
    string CountyCode,
    string CountyName,
    string PrefectureCode,
    string PrefectureName,
    BuildMode Mode,
    StationStatus Status,
    DateOnly? PlannedOn,
    DateOnly? ConstructionStartedOn,
    DateOnly? OperatingSince,
    DateOnly? SuspendedOn,
    int SocialWorkers,
    int CertifiedSocialWorkers,
    StationServices Services,
    string? Operator);

/// <summary>Reads one station's full record (the snapshot keeps only what coverage needs).</summary>
public sealed class StationDetailsQuery(IDbContextFactory<CoverageDbContext> dbFactory)
{
    public Task<StationDetails?> FindAsync(int id, CancellationToken ct = default) =>
        RunAsync(s => s.Id == id, ct);

    public Task<StationDetails?> FindByTownshipAsync(string townshipCode, CancellationToken ct = default) =>
        RunAsync(s => s.TownshipCode == townshipCode, ct);

    private async Task<StationDetails?> RunAsync(System.Linq.Expressions.Expression<Func<Station, bool>> which, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = from s in db.Stations.AsNoTracking().Where(which)
                    join t in db.Townships.AsNoTracking() on s.TownshipCode equals t.Code
                    join c in db.Counties.AsNoTracking() on t.CountyCode equals c.Code
                    join p in db.Prefectures.AsNoTracking() on c.PrefectureCode equals p.Code
                    select new StationDetails(s.Id, s.Name, t.Code, t.Name, c.Code, c.Name, p.Code, p.Name, s.Mode, s.Status,
                        s.PlannedOn, s.ConstructionStartedOn, s.OperatingSince, s.SuspendedOn, s.SocialWorkers,
                        s.CertifiedSocialWorkers, s.Services, s.Operator);
        return await query.FirstOrDefaultAsync(ct);
    }
}
