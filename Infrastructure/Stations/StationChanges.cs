using Coverage.Domain.Access;
using Coverage.Domain.Reports;
using Coverage.Domain.Stations;
using Coverage.Infrastructure.Accounts;

namespace Coverage.Infrastructure.Stations;

/// <summary>
/// A change of status recorded directly (<c>POST /api/stations/{id}/status</c>): a report recorded and confirmed at once by a
/// province admin or prefecture staff in scope, through <see cref="IStationReports"/> — the one write path, with its scope check,
/// rules, version stamp, event author and audit rows. The station keeps its staff, services and operator.
/// </summary>
public sealed class StationChanges(IStationReports reports, AuditLog audit) : IStationChanges
{
    public async Task<StationChangeResult> RecordStatusAsync(Actor actor, int stationId, StationStatus status, DateOnly effectiveOn, string? ip,
        CancellationToken ct = default)
    {
        var detail = await reports.StationAsync(stationId, ct);
        if (detail is null) return StationChangeResult.NotFound(stationId);
        var station = detail.Station;
        if (!actor.CanRecordChange(station.TownshipCode.Value))
        {
            // A county user's report would wait for confirmation; this path only records directly.
            var reason = actor switch
            {
                { IsDisplay: true } => "a display link is read-only",
                { Role: Role.PrefectureStaff } => $"township {station.TownshipCode} is outside the scope {actor.Scope}",
                { Role: { } role } => $"the role {DomainIds.Id(role)} does not record station changes",
                _ => "no role",
            };
            await audit.WriteAsync(AuditAction.WriteDenied, actor.Name, ip, $"station:{station.Id} {station.TownshipCode}",
                $"{DomainIds.Id(status)} on {effectiveOn:yyyy-MM-dd}: {reason}", ct);
            return StationChangeResult.Denied(reason);
        }
        if (status == station.Status)
        {
            return StationChangeResult.Invalid(StationChangeResult.StatusField,
                $"Station {station.Id} is {DomainIds.Id(station.Status)} and cannot move to {DomainIds.Id(status)}.");
        }

        var draft = new ReportDraft(status, effectiveOn, station.SocialWorkers, station.CertifiedSocialWorkers, station.Services, station.Operator, null);
        var result = await reports.SubmitAsync(actor, stationId, draft, null, ip, ct);
        switch (result.Outcome)
        {
            case ReportOutcome.Created:
                var written = await reports.StationAsync(stationId, ct);
                return StationChangeResult.Applied(written!.Station);
            case ReportOutcome.NotFound:
                return StationChangeResult.NotFound(stationId);
            case ReportOutcome.Denied:
                return StationChangeResult.Denied(result.Error!);
            case ReportOutcome.Invalid:
                var first = result.Problems![0];
                var field = first.Field == ReportRules.EffectiveOnField ? StationChangeResult.EffectiveOnField : StationChangeResult.StatusField;
                var message = first.Rule == ReportRule.TransitionNotAllowed
                    ? $"Station {station.Id} is {DomainIds.Id(station.Status)} and cannot move to {DomainIds.Id(status)}."
                    : first.Message;
                return StationChangeResult.Invalid(field, message);
            default:
                return StationChangeResult.Invalid(StationChangeResult.StatusField, result.Error ?? result.Outcome.ToString());
        }
    }
}
