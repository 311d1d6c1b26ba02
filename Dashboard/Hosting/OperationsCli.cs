using Coverage.Domain.Access;

namespace Coverage.Dashboard.Hosting;

/// <summary>
/// The operations CLI of the published app: <c>dotnet Coverage.Dashboard.dll &lt;verb&gt; …</c> with the verbs
/// <c>import</c>, <c>users</c>, <c>tokens</c> and <c>displays</c>. Every command runs in the one <see cref="CommandHost"/>,
/// through the same Domain services as the admin pages (each change audited as <c>cli:&lt;OS user&gt;</c>), and exits 0
/// when done, 2 when the input was refused (nothing changed), 1 on other errors. <c>--help</c> on any verb or command.
/// </summary>
public static class OperationsCli
{
    public const string Program = "Coverage.Dashboard";

    public static readonly IReadOnlyList<CliVerb> Verbs = [ImportCommand.Verb, UsersCommands.Verb, TokensCommands.Verb, DisplaysCommands.Verb];

    /// <summary>Whether <paramref name="args"/> name a CLI verb (otherwise the web app starts).</summary>
    public static bool Handles(string[] args) => args.Length > 0 && Verbs.Any(v => v.Name == args[0]);

    public static async Task<int> RunAsync(string[] args, CommandIO io, IDictionary<string, string?>? settings = null)
    {
        var verb = Verbs.Single(v => v.Name == args[0]);
        CliCommand command;
        string[] rest;
        if (verb.Commands is [{ Name: null } whole])
        {
            (command, rest) = (whole, args[1..]);
        }
        else if (args.Length < 2 || IsHelp(args[1]))
        {
            await WriteHelpAsync(args.Length < 2 ? io.Error : io.Out, verb);
            return args.Length < 2 ? CommandHost.Refused : CommandHost.Done;
        }
        else if (verb.Commands.FirstOrDefault(c => c.Name == args[1]) is { } found)
        {
            (command, rest) = (found, args[2..]);
        }
        else
        {
            await io.Error.WriteLineAsync($"unknown command '{verb.Name} {args[1]}'");
            await WriteHelpAsync(io.Error, verb);
            return CommandHost.Refused;
        }

        if (rest.Any(IsHelp))
        {
            await io.Out.WriteLineAsync($"usage: {Usage(verb, command)}");
            await io.Out.WriteLineAsync($"  {command.Summary}");
            return CommandHost.Done;
        }
        if (CommandArgs.Parse(rest, command, out var error) is not { } parsed)
        {
            await io.Error.WriteLineAsync(error);
            await io.Error.WriteLineAsync($"usage: {Usage(verb, command)}");
            return CommandHost.Refused;
        }
        return await CommandHost.RunAsync(io, settings, context => command.RunAsync(parsed, context));
    }

    private static bool IsHelp(string arg) => arg is "-h" or "--help";

    private static string Usage(CliVerb verb, CliCommand command) =>
        string.Join(' ', new[] { Program, verb.Name, command.Name, command.Arguments }.Where(p => !string.IsNullOrEmpty(p)));

    private static async Task WriteHelpAsync(TextWriter writer, CliVerb verb)
    {
        await writer.WriteLineAsync($"{Program} {verb.Name}: {verb.Summary}");
        foreach (var command in verb.Commands)
        {
            await writer.WriteLineAsync($"  {Usage(verb, command)}");
            await writer.WriteLineAsync($"      {command.Summary}");
        }
        await writer.WriteLineAsync("Exit code 0: done; 2: refused (the reason is printed, nothing changed); 1: other error. " +
                                    "The database is ConnectionStrings__Coverage; changes are audited as cli:<OS user>.");
    }

    /// <summary>
    /// The password for <c>--password-stdin</c>: typed without echo at a terminal, else one line piped in (a final newline is
    /// dropped). Never from the command line.
    /// </summary>
    public static async Task<string> ReadPasswordAsync(CommandContext context)
    {
        var io = context.IO;
        string text;
        if (io.IsInteractive)
        {
            await io.Error.WriteAsync("Password (not shown): ");
            text = ReadHidden();
            await io.Error.WriteLineAsync();
        }
        else
        {
            // Room for the longest allowed password and a CR LF; anything longer is refused without reading on.
            var buffer = new char[AccountLimits.MaxPassword + 3];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await io.In.ReadAsync(buffer.AsMemory(length))) > 0) length += read;
            if (length == buffer.Length) throw new CommandRefusedException($"the password on stdin is longer than {AccountLimits.MaxPassword} characters");
            text = new string(buffer, 0, length);
            if (text.EndsWith('\n')) text = text[..^1];
            if (text.EndsWith('\r')) text = text[..^1];
        }
        if (text.Length == 0) throw new CommandRefusedException("no password on stdin: pipe it in, e.g. printf '%s\\n' \"$PASSWORD\" | … --password-stdin");
        if (text.Contains('\n') || text.Contains('\r')) throw new CommandRefusedException("the password on stdin must be one line");
        return text;
    }

    private static string ReadHidden()
    {
        var chars = new List<char>();
        while (true)
        {
            var key = System.Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter) return new string([.. chars]);
            if (key.Key == ConsoleKey.Backspace) { if (chars.Count > 0) chars.RemoveAt(chars.Count - 1); }
            else if (!char.IsControl(key.KeyChar) && chars.Count <= AccountLimits.MaxPassword) chars.Add(key.KeyChar);
        }
    }

    /// <summary>Writes a plain table, each column as wide as its widest cell, two spaces apart.</summary>
    public static async Task WriteTableAsync(TextWriter writer, string[] headers, IEnumerable<string[]> rows)
    {
        var all = new List<string[]> { headers };
        all.AddRange(rows);
        var widths = headers.Select((_, i) => all.Max(r => r[i].Length)).ToArray();
        foreach (var row in all)
            await writer.WriteLineAsync(string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd());
        if (all.Count == 1) await writer.WriteLineAsync("(none)");
    }

    /// <summary>A time for a table: UTC, to the minute, or "-".</summary>
    public static string Time(DateTimeOffset? at) => at is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", System.Globalization.CultureInfo.InvariantCulture) : "-";

    /// <summary>One line for the terminal: control characters (an escape sequence in a stored name) shown as '?'.</summary>
    public static string Plain(string? text) => text is null ? "-" : new string(text.Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
