using Coverage.Domain.Access;
using Coverage.Domain.Stations;

namespace Coverage.Dashboard.Hosting;

/// <summary><c>users add|list|disable|enable|reset-password|set-role</c>, through <see cref="IUserAccounts"/> like the admin pages.</summary>
public static class UsersCommands
{
    private const string PasswordStdin = "--password-stdin";

    private static readonly string RoleIds = string.Join("|", Enum.GetValues<Role>().Select(DomainIds.Id));

    public static readonly CliVerb Verb = new("users", "user accounts (one role each; below province, one division code as scope)",
    [
        new("add", $"<email> --role <{RoleIds}> [--scope CODE] --password-stdin",
            "creates a user; scope: none for provinceAdmin, a 4-digit prefecture for prefectureStaff, a 6-digit county for countyStaff, optional for viewer; " +
            "the password (at least 10 characters with upper and lower case and a digit) is read from stdin",
            ["email"], ["--role", "--scope"], [PasswordStdin], AddAsync),
        new("list", "", "lists every user: e-mail, role, scope, disabled, locked until", [], [], [], ListAsync),
        new("disable", "<email>", "disables a user: sign-in, sessions and personal tokens stop working (the last province admin cannot be disabled)",
            ["email"], [], [], (a, c) => SetDisabledAsync(a, c, disabled: true)),
        new("enable", "<email>", "enables a disabled user again", ["email"], [], [], (a, c) => SetDisabledAsync(a, c, disabled: false)),
        new("reset-password", "<email> --password-stdin", "sets a new password (read from stdin) and lifts a lockout",
            ["email"], [], [PasswordStdin], ResetPasswordAsync),
        new("set-role", $"<email> --role <{RoleIds}> [--scope CODE]", "changes a user's role and scope (their sessions end within a minute)",
            ["email"], ["--role", "--scope"], [], SetRoleAsync),
    ]);

    private static async Task AddAsync(CommandArgs args, CommandContext context)
    {
        var role = RoleOption(args);
        RequirePasswordStdin(args);
        var password = await OperationsCli.ReadPasswordAsync(context);
        var result = await context.Get<IUserAccounts>().CreateAsync(args.Positionals[0], role, args.Option("--scope"), password, context.Actor, null);
        var user = Succeeded(result);
        await context.Out.WriteLineAsync($"Created {user.Email}: {DomainIds.Id(user.Role)}, scope {user.Scope}.");
    }

    private static async Task ListAsync(CommandArgs args, CommandContext context)
    {
        var users = await context.Get<IUserAccounts>().ListAsync();
        await OperationsCli.WriteTableAsync(context.Out, ["email", "role", "scope", "disabled", "locked until"],
            users.Select(u => new[]
            {
                OperationsCli.Plain(u.Email), DomainIds.Id(u.Role), u.ScopeCode ?? "province", u.IsDisabled ? "yes" : "no",
                u.LockedUntil is { } until && until > DateTimeOffset.UtcNow ? OperationsCli.Time(until) : "-",
            }));
    }

    private static async Task SetDisabledAsync(CommandArgs args, CommandContext context, bool disabled)
    {
        var user = Succeeded(await context.Get<IUserAccounts>().SetDisabledAsync(args.Positionals[0], disabled, context.Actor, null));
        await context.Out.WriteLineAsync(disabled ? $"Disabled {user.Email}." : $"Enabled {user.Email}.");
    }

    private static async Task ResetPasswordAsync(CommandArgs args, CommandContext context)
    {
        RequirePasswordStdin(args);
        var password = await OperationsCli.ReadPasswordAsync(context);
        var user = Succeeded(await context.Get<IUserAccounts>().ResetPasswordAsync(args.Positionals[0], password, context.Actor, null));
        await context.Out.WriteLineAsync($"Set a new password for {user.Email}.");
    }

    private static async Task SetRoleAsync(CommandArgs args, CommandContext context)
    {
        var role = RoleOption(args);
        var user = Succeeded(await context.Get<IUserAccounts>().ChangeRoleAsync(args.Positionals[0], role, args.Option("--scope"), context.Actor, null));
        await context.Out.WriteLineAsync($"{user.Email} is now {DomainIds.Id(user.Role)}, scope {user.Scope}.");
    }

    private static Role RoleOption(CommandArgs args) =>
        args.Option("--role") is not { } id ? throw new CommandRefusedException($"--role is required: one of {RoleIds.Replace('|', ',')}")
        : Enum.GetValues<Role>().Where(r => DomainIds.Id(r).Equals(id.Trim(), StringComparison.OrdinalIgnoreCase)).Cast<Role?>().FirstOrDefault() is { } role ? role
        : throw new CommandRefusedException($"'{OperationsCli.Plain(id)}' is not a role: one of {RoleIds.Replace('|', ',')}");

    private static void RequirePasswordStdin(CommandArgs args)
    {
        if (!args.Flag(PasswordStdin)) throw new CommandRefusedException($"the password is read from stdin only: add {PasswordStdin} and pipe it in");
    }

    /// <summary>The changed user, or a refusal with the service's reasons (nothing was changed).</summary>
    internal static UserAccount Succeeded(AccountResult result) =>
        result is { Succeeded: true, User: { } user } ? user : throw new CommandRefusedException($"refused: {string.Join("; ", result.Errors)}");
}
