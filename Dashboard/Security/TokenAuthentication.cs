using System.Security.Claims;
using System.Text.Encodings.Web;
using Coverage.Infrastructure.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Coverage.Dashboard.Security;

/// <summary>
/// <c>Authorization: Bearer &lt;token&gt;</c> — a personal access token (the user's own rights) or a display token
/// (read-only, its scope). SignalR clients that cannot set headers (WebSockets in a browser) send the token as
/// <c>access_token</c> in the query string, which is read on the hub's paths only.
/// </summary>
public sealed class TokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    AccessTokens tokens, DisplayLinks displays, IUserClaimsPrincipalFactory<DashboardUser> claims, TokenCache cache)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Token";

    /// <summary>The token a request presents, or null.</summary>
    public static string? PresentedToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return header["Bearer ".Length..].Trim();
        if (request.Path.StartsWithSegments("/hubs") && request.Query.TryGetValue("access_token", out var query)) return query.ToString();
        return null;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (PresentedToken(Request) is not { } secret) return AuthenticateResult.NoResult();
        var display = secret.StartsWith(SecretTokens.DisplayPrefix, StringComparison.Ordinal);
        var principal = await cache.GetAsync(secret, () => ValidateAsync(secret, display));
        return principal is null
            ? AuthenticateResult.Fail(display ? "The display token is unknown or revoked." : "The access token is unknown, expired or revoked.")
            : AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    private async Task<(ClaimsPrincipal?, DateTimeOffset?)> ValidateAsync(string secret, bool display)
    {
        // Not the request's own token: a lookup shared by concurrent requests must not end when the first of them does.
        var ip = Context.Connection.RemoteIpAddress?.ToString();
        if (display)
            return (await displays.FindActiveAsync(secret, ip, CancellationToken.None) is { } link ? DashboardClaims.ForDisplay(link, SchemeName) : null, null);
        if (await tokens.FindUserAsync(secret, ip, CancellationToken.None) is not { } found) return (null, null);
        var (user, expiresAt) = found;
        var principal = await claims.CreateAsync(user);
        var identity = new ClaimsIdentity(principal.Claims.Where(c => c.Type != DashboardClaims.Method), SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(DashboardClaims.Method, "token"));
        return (new ClaimsPrincipal(identity), expiresAt);
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure?.Message;
        // An endpoint that takes tokens only (API writes) challenges a browser that sent its cookie: say why it is not enough.
        if (failure is null && (Request.Cookies.ContainsKey(SecurityHosting.SessionCookie) || Request.Cookies.ContainsKey(SecurityHosting.DisplayCookie)))
            failure = "This endpoint takes 'Authorization: Bearer <token>' only (a personal access token); a browser's cookie is not accepted here.";
        await Problems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Sign-in required.",
            failure ?? "Send a session cookie, or 'Authorization: Bearer <token>' with a personal access token or a display token.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.WriteAsync(Context, StatusCodes.Status403Forbidden, "Not allowed.", "This token does not grant that.");
}

/// <summary>Writes an <c>application/problem+json</c> answer for the security layer (401, 403, 429).</summary>
public static class Problems
{
    public static Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        var writer = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        return writer.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }
}
