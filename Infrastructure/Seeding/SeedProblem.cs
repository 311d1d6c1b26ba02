namespace Coverage.Infrastructure.Seeding;

/// <summary>One reason a seed or import file was rejected: the file, the row (CSV line) or feature (index), and why.</summary>
public sealed record SeedProblem(string File, string Where, string Reason)
{
    public override string ToString() => $"{File} {Where}: {Reason}";
}

/// <summary>Thrown when seed or import files break the rules; nothing has been written when it is thrown.</summary>
public sealed class SeedDataException(IReadOnlyList<SeedProblem> problems)
    : Exception(Describe(problems))
{
    // A file with a systematic error (a wrong column, a shifted SRID) can have thousands of bad rows: the message
    // lists the first ones and counts the rest; Problems holds them all.
    private const int ProblemsInMessage = 20;

    public IReadOnlyList<SeedProblem> Problems { get; } = problems;

    private static string Describe(IReadOnlyList<SeedProblem> problems)
    {
        var shown = problems.Take(ProblemsInMessage).Select(p => "  " + p);
        var more = problems.Count > ProblemsInMessage ? $"\n  … and {problems.Count - ProblemsInMessage} more" : "";
        return $"The data was rejected ({problems.Count} problem(s)); nothing was written:\n{string.Join('\n', shown)}{more}";
    }
}
