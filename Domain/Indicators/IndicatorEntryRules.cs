using Coverage.Domain.Access;
using Coverage.Domain.Reports;

namespace Coverage.Domain.Indicators;

/// <summary>
/// The rules an entered value keeps, checked before anything is written (the form shows them next to the field; the API answers 400
/// naming field and rule): a known, entered (not station-derived) indicator; the province or a known prefecture; a value
/// <see cref="IndicatorRules.Validate"/> accepts (the same rule the import applies); an as-of date not in the future; a source.
/// </summary>
public static class IndicatorEntryRules
{
    public const string IndicatorIdField = "indicatorId";
    public const string ScopeField = "scope";
    public const string YearField = "year";
    public const string ValueField = "value";
    public const string AsOfField = "asOf";
    public const string SourceField = "source";
    public const string NoteField = ReportRules.NoteField;

    /// <summary>The longest source (the column's length).</summary>
    public const int MaxSourceLength = 256;

    /// <summary>A source beginning with this marks a made-up value (as in the import's files).</summary>
    public const string SyntheticPrefix = "synthetic";

    public static bool IsSynthetic(string source) => source.StartsWith(SyntheticPrefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Every rule <paramref name="draft"/> breaks. <paramref name="indicator"/> is the stored indicator with the draft's id (null: none);
    /// <paramref name="scopeKnown"/> whether the scope is the province or a prefecture the dashboard knows.
    /// </summary>
    public static IReadOnlyList<ReportProblem> Check(Indicator? indicator, IndicatorDraft draft, bool scopeKnown, DateOnly today)
    {
        var problems = new List<ReportProblem>();
        if (indicator is null || indicator.Derived != DerivedIndicator.None)
        {
            problems.Add(new(IndicatorIdField, ReportRule.UnknownIndicator, indicator is null
                ? $"There is no indicator {ReportRules.Shorten(draft.IndicatorId)}."
                : $"{indicator.Id} is computed from the stations and cannot be entered."));
        }
        if (!scopeKnown) problems.Add(new(ScopeField, ReportRule.UnknownScope, $"{ReportRules.Shorten(draft.Scope)} is neither the province (51) nor a known prefecture."));
        if (draft.AsOf > today)
            problems.Add(new(AsOfField, ReportRule.EffectiveInFuture, $"{ReportRules.Day(draft.AsOf)} is in the future (today is {ReportRules.Day(today)})."));
        if (indicator is not null && IndicatorRules.Validate(indicator, draft.ToValue()) is { } reason)
        {
            var field = reason.StartsWith("year", StringComparison.Ordinal) ? YearField
                : reason.StartsWith("measured", StringComparison.Ordinal) ? AsOfField : ValueField;
            problems.Add(new(field, ReportRule.ValueRejected, reason));
        }
        var source = draft.Source?.Trim();
        if (string.IsNullOrEmpty(source)) problems.Add(new(SourceField, ReportRule.SourceRequired, ReportRules.Describe(ReportRule.SourceRequired)));
        else ReportRules.CheckText(SourceField, source, MaxSourceLength, problems);
        ReportRules.CheckText(NoteField, draft.Note, ReportRules.MaxNoteLength, problems);
        return problems;
    }

    private static IndicatorValue ToValue(this IndicatorDraft d) => new(d.IndicatorId, d.Scope, d.Year, d.Value, d.AsOf, d.Source ?? "", false);

}

/// <summary>Who may enter, submit and decide indicator values (the rules <see cref="IIndicatorSubmissions"/> enforces).</summary>
public static class IndicatorAccess
{
    /// <summary>Enter a value directly (confirmed at once): a province admin, for any scope.</summary>
    public static bool CanEnterIndicator(this Actor actor) => actor is { IsDisplay: false, Role: Role.ProvinceAdmin };

    /// <summary>Submit a value for confirmation: prefecture staff, for their own prefecture only.</summary>
    public static bool CanSubmitIndicator(this Actor actor, string scope) =>
        actor is { IsDisplay: false, Role: Role.PrefectureStaff } && actor.Scope.Code == scope;

    /// <summary>Confirm or return a submitted value: a province admin (never the submitter: four eyes).</summary>
    public static bool CanDecideIndicator(this Actor actor) => actor.CanEnterIndicator();

    /// <summary>See submissions for this scope: province admins all; prefecture staff their prefecture's.</summary>
    public static bool CanSeeIndicatorSubmissions(this Actor actor, string scope) =>
        actor.CanEnterIndicator() || actor is { IsDisplay: false, Role: Role.PrefectureStaff } && actor.Scope.Code == scope;
}
