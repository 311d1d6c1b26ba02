using Coverage.Domain.Text;

namespace Coverage.Domain.Import;

/// <summary>
/// One reason a seed or import file was rejected: the file, the row (CSV line) or feature (index), and why. Values quoted from
/// the file are shown with their invisible characters escaped (<see cref="TextRules.Visible"/>), so a problem is safe to print.
/// </summary>
public sealed record SeedProblem(string File, string Where, string Reason)
{
    public string File { get; init; } = TextRules.Visible(File);
    public string Where { get; init; } = TextRules.Visible(Where);
    public string Reason { get; init; } = TextRules.Visible(Reason);

    public override string ToString() => $"{File} {Where}: {Reason}";
}
