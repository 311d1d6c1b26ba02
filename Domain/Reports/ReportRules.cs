using System.Globalization;
using Coverage.Domain.Stations;
using Coverage.Domain.Text;

namespace Coverage.Domain.Reports;

/// <summary>A rule a report can break (ids as in problem details: <c>transitionNotAllowed</c>, …); each has a Chinese text in the UI.</summary>
public enum ReportRule
{
    /// <summary>The lifecycle does not lead from the station's status to the reported one.</summary>
    TransitionNotAllowed,
    /// <summary>Same status, staff, services and operator as the station has now.</summary>
    NothingToReport,
    /// <summary>The effective date is after today.</summary>
    EffectiveInFuture,
    /// <summary>The effective date is before the station's latest date: dates never go backwards.</summary>
    EffectiveBeforeLast,
    /// <summary>A staff count is negative or implausibly large.</summary>
    StaffOutOfRange,
    /// <summary>More certified social workers than social workers.</summary>
    CertifiedExceedsStaff,
    /// <summary>A service id that is not one of the six services.</summary>
    UnknownService,
    /// <summary>A text longer than its field allows.</summary>
    TextTooLong,
    /// <summary>A text with control or bidirectional-override characters.</summary>
    TextCharacters,
    /// <summary>Returning a report needs a reason.</summary>
    ReasonRequired,
    /// <summary>The township is not one the dashboard knows.</summary>
    UnknownTownship,
    /// <summary>A station is proposed for a township that already has one.</summary>
    TownshipHasStation,
    /// <summary>The build mode of a proposal is missing or unknown.</summary>
    ModeRequired,
    /// <summary>Nobody confirms their own report (four eyes).</summary>
    FourEyes,
    /// <summary>The report was already confirmed or returned.</summary>
    AlreadyDecided,
    /// <summary>The station changed after the report was made.</summary>
    StationChanged,
    /// <summary>No indicator with this id, or one computed from the stations (not entered).</summary>
    UnknownIndicator,
    /// <summary>The scope is neither the province (51) nor a prefecture the dashboard knows.</summary>
    UnknownScope,
    /// <summary>A value the indicator cannot take (<see cref="Indicators.IndicatorRules.Validate"/>).</summary>
    ValueRejected,
    /// <summary>A value needs its source (an official report, a survey, …).</summary>
    SourceRequired,
    /// <summary>The indicator's value changed after the submission was made.</summary>
    ValueChanged,
}

/// <summary>One broken rule: the request field it concerns (as in the API's JSON), the rule, and the rule in words with the values.</summary>
public sealed record ReportProblem(string Field, ReportRule Rule, string Message);

/// <summary>
/// The rules a report and a proposal keep, checked before anything is written (the form shows them next to the field; the API
/// answers 400 naming field and rule). The station's own methods enforce the lifecycle again when the report is applied.
/// </summary>
public static class ReportRules
{
    public const string StatusField = "status";
    public const string EffectiveOnField = "effectiveOn";
    public const string SocialWorkersField = "socialWorkers";
    public const string CertifiedField = "certifiedSocialWorkers";
    public const string ServicesField = "services";
    public const string OperatorField = "operator";
    public const string NoteField = "note";
    public const string TownshipField = "townshipCode";
    public const string ModeField = "mode";
    public const string NameField = "name";
    public const string ReasonField = "reason";
    public const string CommentField = "comment";

    /// <summary>Longest operator organisation and station name (the columns' length).</summary>
    public const int MaxNameLength = FieldLengths.StationName;
    /// <summary>Longest note, comment or return reason.</summary>
    public const int MaxNoteLength = 1000;
    /// <summary>The most social workers one township station reports; more is a typing error.</summary>
    public const int MaxStaff = 500;

    /// <summary>Every rule <paramref name="draft"/> breaks as a report on <paramref name="station"/>, made on <paramref name="today"/>.</summary>
    public static IReadOnlyList<ReportProblem> CheckChange(StationRecord station, ReportDraft draft, DateOnly today)
    {
        var problems = new List<ReportProblem>();
        if (draft.Status != station.Status && !Station.CanStep(station.Status, station.OperatingSince is not null, draft.Status))
        {
            problems.Add(new(StatusField, ReportRule.TransitionNotAllowed,
                $"A station that is {DomainIds.Id(station.Status)} cannot be reported as {DomainIds.Id(draft.Status)}."));
        }
        CheckDate(draft.EffectiveOn, LatestDate(station), today, problems);
        CheckStaff(draft.SocialWorkers, draft.CertifiedSocialWorkers, problems);
        if ((draft.Services & ~StationServices.All) != 0)
            problems.Add(new(ServicesField, ReportRule.UnknownService, "Services must be among the six services."));
        CheckText(OperatorField, draft.Operator, MaxNameLength, problems);
        CheckText(NoteField, draft.Note, MaxNoteLength, problems);
        if (problems.Count == 0 && draft.Status == station.Status && draft.SocialWorkers == station.SocialWorkers &&
            draft.CertifiedSocialWorkers == station.CertifiedSocialWorkers && draft.Services == station.Services &&
            Clean(draft.Operator) == Clean(station.Operator))
        {
            problems.Add(new(StatusField, ReportRule.NothingToReport, "The report changes nothing: status, staff, services and operator are as recorded."));
        }
        return problems;
    }

    /// <summary>Every rule a proposal breaks; <paramref name="townshipKnown"/> and <paramref name="existingStation"/> come from the store.</summary>
    public static IReadOnlyList<ReportProblem> CheckProposal(ProposalDraft draft, bool townshipKnown, int? existingStation, DateOnly today)
    {
        var problems = new List<ReportProblem>();
        if (!townshipKnown) problems.Add(new(TownshipField, ReportRule.UnknownTownship, $"There is no township {Shorten(draft.TownshipCode)}."));
        else if (existingStation is { } id)
            problems.Add(new(TownshipField, ReportRule.TownshipHasStation, $"Township {draft.TownshipCode} already has station {id}."));
        if (!Enum.IsDefined(draft.Mode)) problems.Add(new(ModeField, ReportRule.ModeRequired, "A build mode is required."));
        CheckDate(draft.PlannedOn, null, today, problems);
        CheckText(NameField, draft.Name, MaxNameLength, problems);
        CheckText(NoteField, draft.Note, MaxNoteLength, problems);
        return problems;
    }

    /// <summary>The rules a return reason or a confirmation comment keeps.</summary>
    public static IReadOnlyList<ReportProblem> CheckDecision(string field, string? text, bool required)
    {
        var problems = new List<ReportProblem>();
        if (required && string.IsNullOrWhiteSpace(text)) problems.Add(new(field, ReportRule.ReasonRequired, Describe(ReportRule.ReasonRequired)));
        CheckText(field, text, MaxNoteLength, problems);
        return problems;
    }

    /// <summary>The station's latest recorded date: a report's effective date may not be earlier.</summary>
    public static DateOnly? LatestDate(StationRecord s) =>
        new[] { s.PlannedOn, s.ConstructionStartedOn, s.OperatingSince, s.SuspendedOn }.Max();

    /// <summary>Trimmed text, or null when empty.</summary>
    public static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>The rule in words, without values (the message of a rule that has none).</summary>
    public static string Describe(ReportRule rule) => rule switch
    {
        ReportRule.ReasonRequired => "A reason is required.",
        ReportRule.FourEyes => "Nobody confirms their own report: another prefecture or province user must confirm it.",
        ReportRule.AlreadyDecided => "The report was already confirmed or returned.",
        ReportRule.StationChanged => "The station changed after the report was made; check it and submit again.",
        ReportRule.ValueChanged => "The value was changed after the submission was made; check it and submit again.",
        ReportRule.SourceRequired => "A source is required.",
        _ => rule.ToString(),
    };

    private static void CheckDate(DateOnly on, DateOnly? notBefore, DateOnly today, List<ReportProblem> problems)
    {
        if (on > today)
            problems.Add(new(EffectiveOnField, ReportRule.EffectiveInFuture, $"{Day(on)} is in the future (today is {Day(today)})."));
        else if (notBefore is { } last && on < last)
            problems.Add(new(EffectiveOnField, ReportRule.EffectiveBeforeLast, $"{Day(on)} is before the station's latest date {Day(last)}."));
    }

    private static void CheckStaff(int staff, int certified, List<ReportProblem> problems)
    {
        if (staff is < 0 or > MaxStaff)
            problems.Add(new(SocialWorkersField, ReportRule.StaffOutOfRange, $"Social workers must be between 0 and {MaxStaff}."));
        if (certified is < 0 or > MaxStaff)
            problems.Add(new(CertifiedField, ReportRule.StaffOutOfRange, $"Certified social workers must be between 0 and {MaxStaff}."));
        else if (certified > staff && staff >= 0)
            problems.Add(new(CertifiedField, ReportRule.CertifiedExceedsStaff, $"{certified} certified social workers exceed the {staff} social workers."));
    }

    /// <summary>Adds the problem of a text that is too long or has refused characters (a note's length allows line breaks).</summary>
    public static void CheckText(string field, string? text, int maxLength, List<ReportProblem> problems)
    {
        if (text is null) return;
        var multiline = maxLength == MaxNoteLength;
        var reason = TextRules.Check(text.Trim(), maxLength, multiline);
        if (reason is null) return;
        var badCharacter = text.Any(c => TextRules.IsRefused(c) && !(multiline && TextRules.IsLineBreakOrTab(c)));
        problems.Add(new(field, badCharacter ? ReportRule.TextCharacters : ReportRule.TextTooLong, $"The text {reason}."));
    }

    internal static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static string Shorten(string value) => value.Length <= 20 ? value : value[..20] + "…";
}

/// <summary>Sizes of what a client sends along with a report.</summary>
public static class ReportLimits
{
    /// <summary>The longest <c>Idempotency-Key</c> accepted (visible ASCII).</summary>
    public const int MaxIdempotencyKeyLength = 100;
}
