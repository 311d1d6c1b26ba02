using Coverage.Dashboard.Resources;
using Coverage.Domain.Access;
using Coverage.Domain.Reports;
using Coverage.Domain.Stations;
using Microsoft.Extensions.Localization;

namespace Coverage.Dashboard.Services;

/// <summary>The one place that turns domain values (build modes, statuses, services) into display text.</summary>
public sealed class DomainText(IStringLocalizer<Strings> text)
{
    public string Mode(BuildMode mode) => text["Mode." + DomainIds.Id(mode)];

    public string Status(StationStatus status) => text["Status." + DomainIds.Id(status)];

    public string Service(StationServices service) => text["Service." + DomainIds.Id(service)];

    public string Role(Role role) => text["Role." + DomainIds.Id(role)];

    public string Audit(AuditAction action) => text["Audit.Action." + DomainIds.Id(action)];

    public string ReportState(ReportState state) => text["Report.State." + DomainIds.Id(state)];

    public string ReportKind(ReportKind kind) => text["Report.Kind." + DomainIds.Id(kind)];

    /// <summary>The rule in the user's language, as the form shows it next to the field.</summary>
    public string ReportRule(ReportRule rule) => text["Report.Rule." + DomainIds.Id(rule)];
}
