using System.Globalization;
using System.Text;
using Coverage.Dashboard.Resources;
using Coverage.Domain.Coverage;
using Microsoft.Extensions.Localization;

namespace Coverage.Dashboard.Services;

/// <summary>
/// The brief's generated paragraph, in the wording of an official report (公文) in Chinese — 截至2026年10月31日，全省已建成运营
/// 乡镇（街道）社工站2,950个，覆盖率95.1%，较上月提高0.4个百分点；…— or plain English in the English UI. Pure: the same
/// figures and culture give the same text; numbers carry thousands separators, percentages one decimal.
/// </summary>
public sealed class BriefText(IStringLocalizer<Strings> text)
{
    public string Compose(BriefFigures brief)
    {
        var culture = CultureInfo.CurrentCulture;
        var s = brief.Summary;
        var tally = s.Tally;
        var where = Scope(brief);
        var date = Date(brief.AsOf);
        var b = new StringBuilder();

        if (tally.Covered == 0)
        {
            b.Append(text["Brief.Para.None", date, where]);
        }
        else
        {
            b.Append(text["Brief.Para.Opening", date, where, Count(tally.Covered), Percent(s.Percent)]);
            var change = Math.Round(brief.MonthChange, 1);
            b.Append(change switch
            {
                > 0 => text["Brief.Para.Up", Points(change)],
                < 0 => text["Brief.Para.Down", Points(-change)],
                _ => text["Brief.Para.Same"],
            });
        }

        // Only the stages that have stations are named, as a report would: 另有在建45个、规划待建60个.
        var pipeline = new (string Key, int Count)[]
            { ("Brief.Para.UnderConstruction", tally.UnderConstruction), ("Brief.Para.Planned", tally.Planned), ("Brief.Para.Suspended", tally.Suspended) }
            .Where(p => p.Count > 0).Select(p => text[p.Key, Count(p.Count)].Value).ToList();
        if (pipeline.Count > 0) b.Append(text["Brief.Para.Pipeline", string.Join(text["Common.ListSeparator"], pipeline)]);

        var target = Percent(s.PlanTarget);
        b.Append(s.IsBehindPlan
            ? text["Brief.Para.PlanBehind", s.PlanYear, target, Points(-s.PlanDifference)]
            : text["Brief.Para.PlanMet", s.PlanYear, target]);

        if (brief.CountiesBehindPlan == 0)
        {
            b.Append(text["Brief.Para.AllCountiesMet"]);
        }
        else
        {
            b.Append(text["Brief.Para.CountiesBehind", Count(brief.CountiesBehindPlan)]);
            var lagging = brief.MostBehind.Take(3)
                .Select(f => text["Brief.Para.LaggingItem", f.Name ?? f.Code ?? "", Points(-f.PlanDifference)].Value).ToList();
            if (lagging.Count > 0)
                b.Append(text[brief.IsProvince ? "Brief.Para.LaggingPrefectures" : "Brief.Para.LaggingCounties", string.Join(text["Common.ListSeparator"], lagging)]);
        }
        b.Append(text["Brief.Para.End"]);
        return b.ToString();

        string Count(int value) => value.ToString("N0", culture);
    }

    /// <summary>A date as an official report writes it: 2026年10月31日 (31 October 2026 in English).</summary>
    public string Date(DateOnly date) => date.ToString(text["Brief.DateFormat"], CultureInfo.CurrentCulture);

    /// <summary>全省, or 全州 / 全市 for an autonomous prefecture (…州) or a prefecture-level city.</summary>
    public string Scope(BriefFigures brief) =>
        brief.IsProvince ? text["Brief.Scope.Province"]
        : brief.PrefectureName?.EndsWith('州') == true ? text["Brief.Scope.Zhou"]
        : text["Brief.Scope.Shi"];

    private static string Percent(double value) => value.ToString("0.0", CultureInfo.CurrentCulture);

    private static string Points(double value) => Math.Round(value, 1).ToString("0.0", CultureInfo.CurrentCulture);
}
