using System.Globalization;
using Coverage.Dashboard.Resources;
using Coverage.Dashboard.Services;
using Coverage.Domain.Reports;
using Microsoft.Extensions.Localization;

namespace Coverage.Dashboard.Components.Pages.Stations;

/// <summary>
/// What a report or proposal form shows next to its fields and under its button: the rules the input breaks as the user
/// types (checked here with <see cref="ReportRules"/>), the server's own answer, and the outcome in words.
/// </summary>
public sealed class ReportFeedback(DomainText text, IStringLocalizer<Strings> t, TimeProvider clock)
{
    private IReadOnlyList<ReportProblem> _local = [];
    private IReadOnlyList<ReportProblem> _server = [];

    /// <summary>Rules that only matter once the user asks to submit (e.g. "nothing to report" before anything was changed).</summary>
    public bool Attempted { get; set; }

    /// <summary>A date as a date field gives it (<c>yyyy-MM-dd</c>), or null when it holds none.</summary>
    public static DateOnly? ParseDay(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

    /// <summary>Whether the input as checked here breaks a rule (the form does not send it then).</summary>
    public bool HasProblems => _local.Count > 0;

    /// <summary>The rules the current input breaks; the server's earlier answer no longer applies to changed input.</summary>
    public void Check(IReadOnlyList<ReportProblem> problems)
    {
        _local = Attempted ? problems : problems.Where(p => p.Rule != ReportRule.NothingToReport).ToList();
        _server = [];
    }

    /// <summary>The rule to show next to <paramref name="field"/>, in the user's language, or null.</summary>
    public string? Error(string field) =>
        (_local.FirstOrDefault(p => p.Field == field) ?? _server.FirstOrDefault(p => p.Field == field)) is { } problem
            ? text.ReportRule(problem.Rule)
            : null;

    /// <summary>Takes in the server's answer; returns what to say about it (null when the fields say it all).</summary>
    public string? Outcome(ReportResult result)
    {
        _server = result.Problems ?? [];
        return result.Outcome switch
        {
            ReportOutcome.Created or ReportOutcome.Replayed when result.Report is { } report => report.State == ReportState.Pending
                ? t["Report.Result.Pending", report.Id].Value
                : t["Report.Result.Recorded", report.Id].Value,
            ReportOutcome.Invalid => t["Report.Result.Invalid"].Value,
            ReportOutcome.Conflict when result.Changed is { } changed => text.StationChanged(changed, clock.LocalTimeZone),
            ReportOutcome.Conflict or ReportOutcome.Denied when result.Rule is { } rule => text.ReportRule(rule),
            ReportOutcome.Denied => t["Report.Result.Denied"].Value,
            ReportOutcome.NotFound => t["Report.Result.NotFound"].Value,
            _ => t["Report.Result.Again"].Value,
        };
    }
}
