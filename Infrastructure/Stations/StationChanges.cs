using Coverage.Domain.Access;
using Coverage.Domain.Stations;
using Coverage.Infrastructure.Accounts;
using Coverage.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Coverage.Infrastructure.Stations;

/// <summary>
/// Records station changes made by a person: the scope check, the lifecycle rules (the station's own methods) and the audit
/// row, in one transaction that holds the station's row lock, so two writers cannot both move the same station. The
/// database trigger then appends the change to <c>station_events</c>, and it reaches every screen like any other write.
/// </summary>
public sealed class StationChanges(IDbContextFactory<CoverageDbContext> dbFactory, AuditLog audit, TimeProvider clock) : IStationChanges
{
    public async Task<StationChangeResult> RecordStatusAsync(Actor actor, int stationId, StationStatus status, DateOnly effectiveOn, string? ip,
        CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var station = await db.Stations.FromSql($"SELECT * FROM stations WHERE id = {stationId} FOR UPDATE").SingleOrDefaultAsync(ct);
        if (station is null) return StationChangeResult.NotFound(stationId);
        var target = $"station:{station.Id} {station.TownshipCode}";

        if (!actor.CanRecordChange(station.TownshipCode))
        {
            var reason = WhyDenied(actor, station.TownshipCode);
            db.AuditLog.Add(audit.Entry(AuditAction.WriteDenied, actor.Name, ip, target, $"{DomainIds.Id(status)} on {effectiveOn:yyyy-MM-dd}: {reason}"));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return StationChangeResult.Denied(reason);
        }

        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        if (effectiveOn > today)
            return StationChangeResult.Invalid(StationChangeResult.EffectiveOnField, $"{effectiveOn:yyyy-MM-dd} is in the future; record a change once it has happened (today is {today:yyyy-MM-dd}).");
        var before = station.Status;
        if (!station.CanMoveTo(status))
        {
            return StationChangeResult.Invalid(StationChangeResult.StatusField,
                $"Station {station.Id} is {DomainIds.Id(before)} and cannot move to {DomainIds.Id(status)}.");
        }
        try
        {
            station.MoveTo(status, effectiveOn);
        }
        catch (StationRuleException e)
        {
            // The step is allowed (checked above), so what the lifecycle refuses is the date: it goes back before the station's last one.
            return StationChangeResult.Invalid(StationChangeResult.EffectiveOnField, e.Message);
        }

        db.AuditLog.Add(audit.Entry(AuditAction.StationChanged, actor.Name, ip, target,
            $"{DomainIds.Id(before)} → {DomainIds.Id(station.Status)} on {effectiveOn:yyyy-MM-dd}"));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return StationChangeResult.Applied(station.ToRecord());
    }

    private static string WhyDenied(Actor actor, string townshipCode) => actor switch
    {
        { IsDisplay: true } => "a display link is read-only",
        { Role: Role.PrefectureStaff } => $"township {townshipCode} is outside the scope {actor.Scope}",
        { Role: { } role } => $"the role {DomainIds.Id(role)} does not record station changes",
        _ => "no role",
    };
}
