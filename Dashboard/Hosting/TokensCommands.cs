using Coverage.Domain.Access;

namespace Coverage.Dashboard.Hosting;

/// <summary><c>tokens create|list|revoke</c>: personal access tokens, through <see cref="IAccessTokens"/>.</summary>
public static class TokensCommands
{
    public const int MaxDays = 366;

    public static readonly CliVerb Verb = new("tokens", "personal access tokens (Authorization: Bearer …; the user's own rights)",
    [
        new("create", "<email> --name N [--days D]",
            $"creates a token for the user, optionally expiring after D days (1 to {MaxDays}); prints it once, alone on the last line of stdout",
            ["email"], ["--name", "--days"], [], CreateAsync),
        new("list", "[email]", "lists tokens (every user's, or one user's): id, user, name, prefix, created, expires, last used, revoked",
            ["email?"], [], [], ListAsync),
        new("revoke", "<id>", "revokes a token at once (its next request answers 401)", ["id"], [], [], RevokeAsync),
    ]);

    private static async Task CreateAsync(CommandArgs args, CommandContext context)
    {
        var name = args.Option("--name") ?? throw new CommandRefusedException("--name is required: say what the token is for");
        var days = args.IntOption("--days", 1, MaxDays);
        var user = await FindUserAsync(context, args.Positionals[0]);
        if (user.IsDisabled) throw new CommandRefusedException($"{user.Email} is disabled: enable the user first");
        CreatedSecret<AccessToken> created;
        try
        {
            created = await context.Get<IAccessTokens>().CreateAsync(user.Id, name, days, context.Actor, null);
        }
        catch (ArgumentException e)
        {
            throw new CommandRefusedException(Reason(e));
        }
        var token = created.Row;
        await context.Out.WriteLineAsync($"Created token {token.Id} '{OperationsCli.Plain(token.Name)}' for {user.Email}, " +
                                         $"expires {(token.ExpiresAt is { } at ? OperationsCli.Time(at) : "never")}. It is shown this once:");
        await context.Out.WriteLineAsync(created.Secret);
    }

    private static async Task ListAsync(CommandArgs args, CommandContext context)
    {
        var userId = args.Positional(0) is { } email ? (await FindUserAsync(context, email)).Id : null;
        var tokens = await context.Get<IAccessTokens>().ListAsync(userId);
        await OperationsCli.WriteTableAsync(context.Out, ["id", "user", "name", "prefix", "created", "expires", "last used", "revoked"],
            tokens.Select(t => new[]
            {
                t.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), OperationsCli.Plain(t.UserEmail), OperationsCli.Plain(t.Name),
                t.Prefix, OperationsCli.Time(t.CreatedAt), OperationsCli.Time(t.ExpiresAt), OperationsCli.Time(t.LastUsedAt), OperationsCli.Time(t.RevokedAt),
            }));
    }

    private static async Task RevokeAsync(CommandArgs args, CommandContext context)
    {
        var id = Id(args.Positionals[0]);
        if (!await context.Get<IAccessTokens>().RevokeAsync(id, null, context.Actor, null))
            throw new CommandRefusedException($"no active token {id} (see 'tokens list')");
        await context.Out.WriteLineAsync($"Revoked token {id}.");
    }

    private static async Task<UserAccount> FindUserAsync(CommandContext context, string email) =>
        await context.Get<IUserAccounts>().FindAsync(email) ?? throw new CommandRefusedException($"no user {OperationsCli.Plain(email)} (see 'users list')");

    /// <summary>A positive whole-number id, or a refusal.</summary>
    internal static int Id(string text) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) && id > 0
            ? id : throw new CommandRefusedException($"'{OperationsCli.Plain(text)}' is not an id (a positive whole number)");

    /// <summary>An argument exception's message without the " (Parameter 'x')" suffix.</summary>
    internal static string Reason(ArgumentException e) => e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal);
}
