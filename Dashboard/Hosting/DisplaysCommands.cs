using Coverage.Domain.Access;

namespace Coverage.Dashboard.Hosting;

/// <summary><c>displays create|list|revoke</c>: wall display links, through <see cref="IDisplayLinks"/>.</summary>
public static class DisplaysCommands
{
    public const string DefaultBaseUrl = "http://localhost:5000";

    public static readonly CliVerb Verb = new("displays", "wall display links (/wall?display=…: no login prompt, read-only, one scope)",
    [
        new("create", "--name N [--scope CODE] [--rotate S] [--base-url URL]",
            "creates a display link for the province or a 4-digit prefecture, rotating every S seconds (5 to 3600) if given; prints the wall's URL once, " +
            "alone on the last line of stdout (base: --base-url, else the first ASPNETCORE_URLS entry, else " + DefaultBaseUrl + ")",
            [], ["--name", "--scope", "--rotate", "--base-url"], [], CreateAsync),
        new("list", "", "lists display links: id, name, scope, rotate, created, last seen (time and IP), revoked", [], [], [], ListAsync),
        new("revoke", "<id>", "revokes a display link: its open walls say \"显示链接已停用\" within seconds", ["id"], [], [], RevokeAsync),
    ]);

    private static async Task CreateAsync(CommandArgs args, CommandContext context)
    {
        var name = args.Option("--name") ?? throw new CommandRefusedException("--name is required: say where the wall is");
        var rotate = args.IntOption("--rotate", 5, 3600);
        var baseUrl = BaseUrl(args.Option("--base-url"), context.Configuration);
        CreatedSecret<DisplayLink> created;
        try
        {
            created = await context.Get<IDisplayLinks>().CreateAsync(name, args.Option("--scope"), rotate, context.Actor, null);
        }
        catch (ArgumentException e)
        {
            throw new CommandRefusedException(TokensCommands.Reason(e));
        }
        var link = created.Row;
        await context.Out.WriteLineAsync($"Created display {link.Id} '{OperationsCli.Plain(link.Name)}' (scope {link.Scope}, " +
                                         $"rotate {(link.RotateSeconds is { } s ? $"{s} s" : "off")}). Open this URL on the wall; it is shown this once:");
        await context.Out.WriteLineAsync($"{baseUrl}/wall?display={Uri.EscapeDataString(created.Secret)}");
    }

    private static async Task ListAsync(CommandArgs args, CommandContext context)
    {
        var links = await context.Get<IDisplayLinks>().ListAsync();
        await OperationsCli.WriteTableAsync(context.Out, ["id", "name", "scope", "rotate", "prefix", "created", "last seen", "from", "revoked"],
            links.Select(d => new[]
            {
                d.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), OperationsCli.Plain(d.Name), d.ScopeCode ?? "province",
                d.RotateSeconds is { } s ? $"{s} s" : "-", d.Prefix, OperationsCli.Time(d.CreatedAt), OperationsCli.Time(d.LastSeenAt),
                d.LastSeenIp ?? "-", OperationsCli.Time(d.RevokedAt),
            }));
    }

    private static async Task RevokeAsync(CommandArgs args, CommandContext context)
    {
        var id = TokensCommands.Id(args.Positionals[0]);
        if (!await context.Get<IDisplayLinks>().RevokeAsync(id, context.Actor, null))
            throw new CommandRefusedException($"no active display link {id} (see 'displays list')");
        await context.Out.WriteLineAsync($"Revoked display link {id}.");
    }

    /// <summary>
    /// The site's address for the URL: <paramref name="option"/>, else the first <c>ASPNETCORE_URLS</c> entry (a wildcard host
    /// such as <c>0.0.0.0</c> or <c>*</c> read as localhost), else <see cref="DefaultBaseUrl"/>; without a trailing slash.
    /// </summary>
    public static string BaseUrl(string? option, IConfiguration configuration)
    {
        if (option is not null)
        {
            return Uri.TryCreate(option, UriKind.Absolute, out var given) && given.Scheme is "http" or "https" && given.Query.Length == 0 && given.Fragment.Length == 0
                ? given.GetLeftPart(UriPartial.Path).TrimEnd('/')
                : throw new CommandRefusedException($"--base-url must be an http or https address such as https://dashboard.example.gov.cn, not '{OperationsCli.Plain(option)}'");
        }
        var urls = configuration["ASPNETCORE_URLS"] ?? configuration["urls"];
        var first = urls?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (first is null) return DefaultBaseUrl;
        // Kestrel's wildcards are not addresses a wall can open.
        foreach (var wildcard in new[] { "://*", "://+", "://0.0.0.0", "://[::]" })
            first = first.Replace(wildcard, "://localhost", StringComparison.Ordinal);
        return Uri.TryCreate(first, UriKind.Absolute, out var url) ? url.GetLeftPart(UriPartial.Path).TrimEnd('/') : DefaultBaseUrl;
    }
}
