using Coverage.Domain.Import;

namespace Coverage.Infrastructure.Seeding;

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

/// <summary>
/// The database failed while an import was being applied (a constraint it broke, a lost connection): the message says what,
/// in one line; the transaction was rolled back, so nothing was written.
/// </summary>
public sealed class ImportFailedException(string message, Exception inner) : Exception(message, inner);
