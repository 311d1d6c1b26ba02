using Coverage.Dashboard.Resources;
using Coverage.Domain.Coverage;
using Coverage.Domain.Stations;
using Microsoft.Extensions.Localization;

namespace Coverage.Dashboard.Services;

/// <summary>The columns of the exported tables (headers in the user's language, Chinese by default; ids, codes, dates and operator included).</summary>
public sealed class ExportColumns(IStringLocalizer<Strings> text, DomainText domain)
{
    /// <summary>The gap list (未覆盖清单), one row per township, with its county's coverage.</summary>
    public IReadOnlyList<ExportColumn<GapExportRow>> Gaps() =>
    [
        new(text["Export.Col.PrefectureCode"], r => r.Row.Township.PrefectureCode),
        new(text["Export.Col.Prefecture"], r => r.Row.View.PrefectureName),
        new(text["Export.Col.CountyCode"], r => r.Row.Township.CountyCode),
        new(text["Export.Col.County"], r => r.Row.View.CountyName),
        new(text["Export.Col.CountyCoverage"], r => Math.Round(r.County.Percent, 1)),
        new(text["Export.Col.CountyPlanTarget"], r => Math.Round(r.County.PlanTarget, 1)),
        new(text["Export.Col.TownshipCode"], r => r.Row.Township.Code),
        new(text["Export.Col.Township"], r => r.Row.Township.Name),
        new(text["Export.Col.StationId"], r => r.Row.Township.Station?.Id),
        new(text["Export.Col.StationName"], r => r.Row.Township.Station?.Name),
        new(text["Export.Col.Mode"], r => r.Row.Township.Station is { } s ? domain.Mode(s.Mode) : null),
        new(text["Export.Col.Status"], r => StatusText(r.Row.Status)),
        new(text["Export.Col.Since"], r => TableExport.Date(r.Row.Since)),
        new(text["Export.Col.DaysSince"], r => r.Row.DaysSince),
        new(text["Export.Col.Overdue"], r => r.Row.IsOverdue ? text["Gaps.Yes"].Value : text["Gaps.No"].Value),
        new(text["Export.Col.OverdueReason"], r => OverdueText(r.Row.Overdue)),
        new(text["Export.Col.Operator"], r => r.Row.Township.Station?.Operator),
    ];

    /// <summary>Stations, one row per station, with every date, staff, services and operator.</summary>
    public IReadOnlyList<ExportColumn<TownshipView>> Stations() =>
    [
        new(text["Export.Col.StationId"], v => v.Township.Station!.Id),
        new(text["Export.Col.StationName"], v => v.Township.Station!.Name),
        new(text["Export.Col.TownshipCode"], v => v.Township.Code),
        new(text["Export.Col.Township"], v => v.Township.Name),
        new(text["Export.Col.CountyCode"], v => v.Township.CountyCode),
        new(text["Export.Col.County"], v => v.CountyName),
        new(text["Export.Col.PrefectureCode"], v => v.Township.PrefectureCode),
        new(text["Export.Col.Prefecture"], v => v.PrefectureName),
        new(text["Export.Col.Mode"], v => domain.Mode(v.Township.Station!.Mode)),
        new(text["Export.Col.Status"], v => StatusText(v.Status)),
        new(text["Export.Col.PlannedOn"], v => TableExport.Date(v.Township.Station!.PlannedOn)),
        new(text["Export.Col.ConstructionStartedOn"], v => TableExport.Date(v.Township.Station!.ConstructionStartedOn)),
        new(text["Export.Col.OperatingSince"], v => TableExport.Date(v.WentLiveOn)),
        new(text["Export.Col.SuspendedOn"], v => TableExport.Date(v.Township.Station!.SuspendedOn)),
        new(text["Export.Col.SocialWorkers"], v => v.Township.Station!.SocialWorkers),
        new(text["Export.Col.CertifiedSocialWorkers"], v => v.Township.Station!.CertifiedSocialWorkers),
        new(text["Export.Col.Services"], v => domain.ServiceList(v.Township.Station!.Services)),
        new(text["Export.Col.Operator"], v => v.Township.Station!.Operator),
    ];

    /// <summary>A league table (prefectures of the province, or counties of a prefecture), one row per division.</summary>
    public IReadOnlyList<ExportColumn<LeagueRow>> League() =>
    [
        new(text["Export.Col.DivisionCode"], r => r.Code),
        new(text["Export.Col.Division"], r => r.Name),
        new(text["Export.Col.Townships"], r => r.Tally.Townships),
        new(text["Export.Col.Covered"], r => r.Tally.Covered),
        new(text["Export.Col.Coverage"], r => Math.Round(r.Figure.Percent, 1)),
        new(text["Export.Col.PlanYear"], r => r.Figure.PlanYear),
        new(text["Export.Col.PlanTarget"], r => Math.Round(r.Figure.PlanTarget, 1)),
        new(text["Export.Col.PlanGap"], r => Math.Round(r.Figure.PlanDifference, 1)),
        new(domain.Status(StationStatus.Operating), r => r.Tally.Operating),
        new(domain.Status(StationStatus.UnderConstruction), r => r.Tally.UnderConstruction),
        new(domain.Status(StationStatus.Planned), r => r.Tally.Planned),
        new(domain.Status(StationStatus.Suspended), r => r.Tally.Suspended),
        new(text["Export.Col.GoLivesThisMonth"], r => r.GoLivesThisMonth),
        new(text["Export.Col.OverduePlanned"], r => r.Overdue.Planned),
        new(text["Export.Col.OverdueBuilding"], r => r.Overdue.UnderConstruction),
    ];

    public string StatusText(StationStatus? status) => status is { } s ? domain.Status(s) : text["Map.NoStation"];

    /// <summary>Why a gap is overdue, in words (empty when it is not).</summary>
    public string OverdueText(OverdueReasons reasons) => string.Join(text["Common.ListSeparator"],
        new[] { OverdueReasons.Stuck, OverdueReasons.PlanYearPassed }.Where(r => reasons.HasFlag(r))
            .Select(r => r == OverdueReasons.Stuck
                ? string.Format(System.Globalization.CultureInfo.CurrentCulture, text["Gaps.Reason.Stuck"], CoverageFigures.OverdueAfterMonths)
                : text["Gaps.Reason.PlanYearPassed"].Value));
}

/// <summary>A gap with its county's figure, as one flat export row.</summary>
public sealed record GapExportRow(GapRow Row, CoverageFigure County)
{
    public static IEnumerable<GapExportRow> Of(GapList gaps) => gaps.Counties.SelectMany(c => c.Rows.Select(r => new GapExportRow(r, c.County)));
}
