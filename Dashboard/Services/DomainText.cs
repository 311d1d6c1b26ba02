using Coverage.Dashboard.Resources;
using Coverage.Domain.Access;
using Coverage.Domain.Planning;
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

    /// <summary>The services a station offers, as one list in words ("none" when it offers none).</summary>
    public string ServiceList(StationServices services)
    {
        var names = DomainIds.Services.Where(s => services.HasFlag(s)).Select(Service).ToList();
        return names.Count == 0 ? text["Map.Popup.NoServices"] : string.Join(text["Common.ListSeparator"], names);
    }

    /// <summary>A plan phase with its years: 三年试点（2021–2023）.</summary>
    public string PlanPhase(PlanPhase phase)
    {
        var (_, from, to) = PlanPhases.Years.Single(p => p.Phase == phase);
        return text["PlanPhase." + DomainIds.Id(phase), from, to];
    }

    public string Role(Role role) => text["Role." + DomainIds.Id(role)];

    public string Audit(AuditAction action) => text["Audit.Action." + DomainIds.Id(action)];

    public string ReportState(ReportState state) => text["Report.State." + DomainIds.Id(state)];

    public string ReportKind(ReportKind kind) => text["Report.Kind." + DomainIds.Id(kind)];

    /// <summary>The rule in the user's language, as the form shows it next to the field.</summary>
    public string ReportRule(ReportRule rule) => text["Report.Rule." + DomainIds.Id(rule)];

    /// <summary>A version conflict in words: 该站点已于{when}被{who}更新，请核对后重新提交 — the time in <paramref name="zone"/>, to the minute.</summary>
    public string StationChanged(StationChangedSince changed, TimeZoneInfo zone) => text["Report.Result.Conflict",
        TimeZoneInfo.ConvertTime(changed.UpdatedAt, zone).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture),
        Author(changed.UpdatedBy)];

    /// <summary>
    /// Who wrote a station change, as recorded in <c>station_events</c>: a user's name as it is, <c>import:&lt;file&gt;</c> as the
    /// import of that file, <c>sql:&lt;role&gt;</c> as a database role writing from outside, <c>demo:…</c> as the demo feed.
    /// </summary>
    public string Author(string? actor) => actor switch
    {
        null or "" => text["Author.Unknown"],
        _ when actor.StartsWith("import:", StringComparison.Ordinal) => text["Author.Import", actor["import:".Length..]],
        _ when actor.StartsWith("sql:", StringComparison.Ordinal) => text["Author.Sql", actor["sql:".Length..]],
        _ when actor.StartsWith("demo:", StringComparison.Ordinal) => text["Author.Demo"],
        _ => actor,
    };
}
