using Coverage.Infrastructure.Seeding;

namespace Coverage.Dashboard.Hosting;

/// <summary>
/// <c>dotnet Coverage.Dashboard.dll import &lt;folder&gt;</c>: imports files in the seed-data formats into the configured
/// database through the same path as the first seed — validated first, applied in one transaction, every rejected row
/// reported, audited as <c>cli:&lt;OS user&gt;</c> with each file's SHA-256 and the counts. Exit code 0 on success, 2 when
/// the files were rejected (nothing written; each problem on its own line: file, row, reason), 1 on other errors (a database failure
/// during the import is one line, and nothing is written either).
/// </summary>
public static class ImportCommand
{
    public static readonly CliVerb Verb = new("import", "import files in the seed-data formats (see seed-data/README.md)",
    [
        new(null, "<folder>", "validates the folder's files and applies them in one transaction; a rejected import lists every bad row and writes nothing",
            ["folder"], [], [], RunAsync),
    ]);

    /// <summary>Runs <c>import</c> with <paramref name="args"/> after the verb, results and problems both on <paramref name="output"/>.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, IDictionary<string, string?>? settings = null) =>
        OperationsCli.RunAsync([Verb.Name, .. args], new CommandIO(TextReader.Null, output, output), settings);

    private static async Task RunAsync(CommandArgs args, CommandContext context)
    {
        var folder = Path.GetFullPath(args.Positionals[0]);
        var result = await context.Get<DataImporter>().ImportAsync(folder, context.Actor, CancellationToken.None);
        await context.Out.WriteLineAsync($"Imported {result}.");
    }
}
