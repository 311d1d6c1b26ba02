using System.Globalization;

namespace Coverage.Dashboard.Hosting;

/// <summary>
/// One operations command (<c>users add</c>, <c>tokens revoke</c>, <c>import</c>, …): its arguments in words, what it does,
/// the positional arguments it takes, its options, and what it runs in the <see cref="CommandHost"/>.
/// </summary>
/// <param name="Name">The word after the verb, or null for a verb that is the whole command (<c>import</c>).</param>
/// <param name="Arguments">The usage after the command's name, e.g. <c>&lt;email&gt; --role &lt;role&gt;</c>.</param>
/// <param name="Positionals">The names of the positional arguments; those ending in <c>?</c> are optional.</param>
/// <param name="Options">The options that take a value (<c>--name N</c> or <c>--name=N</c>).</param>
/// <param name="Flags">The options that take none (<c>--password-stdin</c>).</param>
public sealed record CliCommand(
    string? Name, string Arguments, string Summary, string[] Positionals, string[] Options, string[] Flags,
    Func<CommandArgs, CommandContext, Task> RunAsync);

/// <summary>A verb and its commands (<c>users</c>: add, list, …).</summary>
public sealed record CliVerb(string Name, string Summary, IReadOnlyList<CliCommand> Commands);

/// <summary>A command's arguments, parsed and checked against its <see cref="CliCommand"/>.</summary>
public sealed class CommandArgs
{
    private readonly Dictionary<string, string> _options;
    private readonly HashSet<string> _flags;

    private CommandArgs(IReadOnlyList<string> positionals, Dictionary<string, string> options, HashSet<string> flags)
    {
        Positionals = positionals;
        _options = options;
        _flags = flags;
    }

    public IReadOnlyList<string> Positionals { get; }

    public string? Positional(int index) => index < Positionals.Count ? Positionals[index] : null;

    public string? Option(string name) => _options.GetValueOrDefault(name);

    public bool Flag(string name) => _flags.Contains(name);

    /// <summary>An option's whole-number value in [min, max], or null when absent; refused otherwise.</summary>
    public int? IntOption(string name, int min, int max)
    {
        if (Option(name) is not { } text) return null;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value : throw new CommandRefusedException($"{name} must be a whole number from {min} to {max}, not '{text}'");
    }

    /// <summary>Parses <paramref name="args"/> for <paramref name="command"/>; null and a reason when they do not fit.</summary>
    public static CommandArgs? Parse(IReadOnlyList<string> args, CliCommand command, out string? error)
    {
        error = null;
        var positionals = new List<string>();
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg == "--")
            {
                positionals.Add(arg);
                continue;
            }
            var (name, inline) = arg.IndexOf('=', StringComparison.Ordinal) is var eq and > 0 ? (arg[..eq], arg[(eq + 1)..]) : (arg, null);
            if (name is "--password" or "--pass" or "--secret")
            {
                error = "a password is never taken on the command line (it would stay in the shell history and the process list): pipe it in with --password-stdin";
                return null;
            }
            if (command.Flags.Contains(name))
            {
                if (inline is not null) { error = $"{name} takes no value"; return null; }
                flags.Add(name);
            }
            else if (command.Options.Contains(name))
            {
                var value = inline ?? (i + 1 < args.Count ? args[++i] : null);
                if (value is null) { error = $"{name} needs a value"; return null; }
                if (!options.TryAdd(name, value)) { error = $"{name} is given twice"; return null; }
            }
            else
            {
                error = $"unknown option {name}";
                return null;
            }
        }
        var required = command.Positionals.Count(p => !p.EndsWith('?'));
        if (positionals.Count < required || positionals.Count > command.Positionals.Length)
        {
            error = command.Positionals.Length == 0 ? "this command takes no arguments besides its options"
                : $"expected {string.Join(" ", command.Positionals.Select(p => p.EndsWith('?') ? $"[{p.TrimEnd('?')}]" : $"<{p}>"))}";
            return null;
        }
        return new CommandArgs(positionals, options, flags);
    }
}
