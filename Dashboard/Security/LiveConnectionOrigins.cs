using Microsoft.Extensions.Options;

namespace Coverage.Dashboard.Security;

/// <summary>
/// The live connections — the hub (<c>/hubs/*</c>) and the Blazor circuit (<c>/_blazor</c>) — refuse a browser on another
/// site: a request whose <c>Origin</c> header is present and is neither this site's origin (scheme, host and port as the
/// request arrived, after a trusted proxy's <c>X-Forwarded-Proto</c>) nor one of <c>Security:AllowedOrigins</c> answers
/// 403. WebSockets are not covered by CORS, and a browser sends the session cookie with them, so without this check any
/// page a signed-in user visits could open the circuit or the hub in their name. Clients that send no <c>Origin</c>
/// (the SignalR .NET client, integrations) are not browsers and pass.
/// </summary>
public static partial class LiveConnectionOrigins
{
    public static IApplicationBuilder UseLiveConnectionOriginCheck(this IApplicationBuilder app)
    {
        var services = app.ApplicationServices;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(LiveConnectionOrigins).FullName!);
        var allowed = services.GetRequiredService<IOptions<SecurityOptions>>().Value.AllowedOrigins
            .Select(o => Normalize(o)!).ToHashSet(StringComparer.Ordinal); // validated at start
        return app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (IsLivePath(request.Path) && request.Headers.Origin is { Count: > 0 } header && !IsAllowed(request, header.ToString(), allowed))
            {
                LogRefused(logger, header.ToString(), request.Path);
                await Problems.WriteAsync(context, StatusCodes.Status403Forbidden, "Origin not allowed.",
                    "Live connections are accepted from this site's own pages only (or the origins in Security:AllowedOrigins).");
                return;
            }
            await next(context);
        });
    }

    private static bool IsLivePath(PathString path) => path.StartsWithSegments("/hubs") || path.StartsWithSegments("/_blazor");

    public static bool IsAllowed(HttpRequest request, string origin, IReadOnlySet<string> allowed)
    {
        if (Normalize(origin) is not { } presented) return false; // "null", several values, a path: never a page of ours
        var port = request.Host.Port ?? (request.IsHttps ? 443 : 80);
        var own = $"{request.Scheme}://{request.Host.Host}:{port}".ToLowerInvariant();
        return presented == own || allowed.Contains(presented);
    }

    /// <summary><c>scheme://host:port</c> in lower case, the port always written; null when it is not an http(s) origin.</summary>
    public static string? Normalize(string origin) =>
        Uri.TryCreate(origin.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
        && uri.PathAndQuery == "/" && string.IsNullOrEmpty(uri.UserInfo)
            ? $"{uri.Scheme}://{uri.Host}:{uri.Port}".ToLowerInvariant()
            : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a live connection from origin '{Origin}' to {Path}.")]
    private static partial void LogRefused(ILogger logger, string origin, PathString path);
}
