using Coverage.Domain.Reports;

namespace Coverage.Domain.Indicators;

/// <summary>
/// A yearly indicator value submitted for confirmation (报送), the same workflow as a station report: prefecture staff submit their
/// prefecture's value as <see cref="ReportState.Pending"/>; a province admin confirms it (then it becomes the value the board counts,
/// in the same transaction) or returns it with a reason. A value a province admin enters is a submission confirmed at once by its
/// author (<see cref="Direct"/>). Each submission remembers the value it replaces, so one confirmed over a newer value is refused.
/// </summary>
public sealed class IndicatorSubmission : DecidedSubmission
{
    private IndicatorSubmission() { }

    public long Id { get; private set; }
    public string IndicatorId { get; private set; } = "";
    /// <summary><see cref="Indicator.Province"/> or a prefecture code.</summary>
    public string Scope { get; private set; } = "";
    public int Year { get; private set; }
    public decimal Value { get; private set; }
    public DateOnly AsOf { get; private set; }
    public string Source { get; private set; } = "";
    /// <summary>The source begins with "synthetic": a made-up value, labelled on screen (as the import marks them).</summary>
    public bool Synthetic { get; private set; }
    public string? Note { get; private set; }
    /// <summary>The value stored for the indicator, scope and year when the submission was made (null: none).</summary>
    public decimal? PreviousValue { get; private set; }
    public DateOnly? PreviousAsOf { get; private set; }
    public string? PreviousSource { get; private set; }

    /// <summary>The stamp of the value this submission replaces, or null when there was none.</summary>
    public IndicatorValueStamp? Previous =>
        PreviousValue is { } v && PreviousAsOf is { } on ? new IndicatorValueStamp(v, on, PreviousSource ?? "") : null;

    /// <summary>A pending submission (already checked with <see cref="IndicatorEntryRules.Check"/>).</summary>
    public static IndicatorSubmission Submit(IndicatorDraft draft, IndicatorValueStamp? previous, string by, DateTimeOffset at,
        Submission? submission = null)
    {
        var source = ReportRules.Clean(draft.Source) ?? "";
        return new()
        {
            IndicatorId = draft.IndicatorId,
            Scope = draft.Scope,
            Year = draft.Year,
            Value = draft.Value,
            AsOf = draft.AsOf,
            Source = source,
            Synthetic = IndicatorEntryRules.IsSynthetic(source),
            Note = ReportRules.Clean(draft.Note),
            PreviousValue = previous?.Value,
            PreviousAsOf = previous?.AsOf,
            PreviousSource = previous?.Source,
            State = ReportState.Pending,
            SubmittedBy = by,
            SubmittedAt = at,
            IdempotencyKey = submission?.IdempotencyKey,
            RequestHash = submission?.RequestHash,
        };
    }

    /// <summary>The value the board counts once this is confirmed.</summary>
    public IndicatorValue ToValue() => new(IndicatorId, Scope, Year, Value, AsOf, Source, Synthetic);
}
