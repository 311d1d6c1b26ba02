using Coverage.Dashboard.Resources;
using Coverage.Domain.Access;
using Coverage.Domain.Indicators;
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

    public string IndicatorField(IndicatorField field) => text["Indicator.Field." + DomainIds.Id(field)];

    public string IndicatorStatus(IndicatorStatus status) => text["Indicator.Status." + DomainIds.Id(status)];

    /// <summary>The indicator's name in the UI language (the plan's Chinese name, or its English rendering).</summary>
    public static string IndicatorName(Indicator indicator) =>
        System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "zh" || indicator.NameEn.Length == 0 ? indicator.Name : indicator.NameEn;

    /// <summary>A value with its unit: 9,400 人, 89.7%, 已完成 / 未完成.</summary>
    public string IndicatorValue(Indicator indicator, decimal value) => indicator.Unit switch
    {
        IndicatorRules.Units.Percent => text["Indicator.Unit.percent", value.ToString("0.0", System.Globalization.CultureInfo.CurrentCulture)],
        IndicatorRules.Units.Milestone => value >= 1 ? text["Indicator.Milestone.Reached"] : text["Indicator.Milestone.NotReached"],
        _ => text["Indicator.Unit.persons", value.ToString("N0", System.Globalization.CultureInfo.CurrentCulture)],
    };

    /// <summary>The target in words: ≥ 10,000 人, > 1,000 人, ≥ 100.0%, 完成, or 无量化目标.</summary>
    public string IndicatorTarget(Indicator indicator) => indicator switch
    {
        { Comparison: IndicatorComparison.Tracked } or { Target: null } => text["Indicator.Target.None"],
        { Comparison: IndicatorComparison.Milestone } => text["Indicator.Target.Milestone"],
        { Comparison: IndicatorComparison.MoreThan, Target: { } target } => "> " + IndicatorValue(indicator, target),
        { Target: { } target } => "≥ " + IndicatorValue(indicator, target),
    };

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
