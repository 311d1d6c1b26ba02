using System.Security.Claims;
using Coverage.Dashboard.Hosting;
using Coverage.Infrastructure.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Coverage.Dashboard.Security;

/// <summary>The authorization policies pages and endpoints name.</summary>
public static class Policies
{
    /// <summary>A signed-in user of any role (not a display link): every page but the wall.</summary>
    public const string Users = "users";
    /// <summary>A province admin: users, display links, imports, the audit log.</summary>
    public const string Admin = "admin";
}

/// <summary>
/// Who may reach what. Nothing answers anonymously but <c>/healthz</c>, the sign-in pages and static assets (the fallback
/// policy requires a signed-in principal everywhere else). Three ways in, chosen per request by the <c>Dashboard</c> policy
/// scheme: a bearer token (personal or display), the session cookie of a signed-in user, or the cookie a display link sets.
/// </summary>
public static class SecurityHosting
{
    public const string DefaultScheme = "Dashboard";
    public const string DisplayScheme = "Display";
    public const string SessionCookie = ".Coverage.Session";
    public const string DisplayCookie = ".Coverage.Display";
    public const string LoginPath = "/account/login";
    public const string DeniedPath = "/account/denied";
    public const string WallPath = "/wall";

    public static WebApplicationBuilder AddDashboardSecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        new IdentityBuilder(typeof(DashboardUser), services)
            .AddSignInManager<DashboardSignInManager>()
            .AddClaimsPrincipalFactory<DashboardClaimsFactory>();
        services.AddScoped<SignInGuard>();
        services.AddSingleton<TokenCache>();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = DefaultScheme;
                o.DefaultChallengeScheme = DefaultScheme;
                o.DefaultForbidScheme = DefaultScheme;
            })
            .AddPolicyScheme(DefaultScheme, null, o => o.ForwardDefaultSelector = SelectScheme)
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuthenticationHandler.SchemeName, null)
            .AddCookie(DisplayScheme, o =>
            {
                o.Cookie.Name = DisplayCookie;
                // A wall runs for months: the cookie slides, and the link itself is checked on every request and every few seconds.
                o.ExpireTimeSpan = TimeSpan.FromDays(365);
                o.SlidingExpiration = true;
                Harden(o);
                o.Events.OnValidatePrincipal = async context =>
                {
                    var displays = context.HttpContext.RequestServices.GetRequiredService<DisplayLinks>();
                    if (context.Principal?.DisplayId() is not { } id || !await displays.IsActiveAsync(id)) context.RejectPrincipal();
                };
            })
            .AddIdentityCookies();

        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = SessionCookie;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            Harden(o);
        });
        // Role changes, disabling and password resets change the security stamp: old cookies stop within a minute.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Users, p => p.RequireRole(DashboardClaims.UserRoles))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Coverage.Domain.Stations.DomainIds.Id(Coverage.Domain.Access.Role.ProvinceAdmin)));
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, DashboardAuthenticationStateProvider>();
        return builder;
    }

    /// <summary>Authentication, then the display-link door, then the rate limits (per caller: who is known by now), then authorization.</summary>
    public static WebApplication UseDashboardSecurity(this WebApplication app)
    {
        app.UseAuthentication();
        app.Use(OpenDisplayLinkAsync);
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }

    private static string SelectScheme(HttpContext context)
    {
        if (TokenAuthenticationHandler.PresentedToken(context.Request) is not null) return TokenAuthenticationHandler.SchemeName;
        var cookies = context.Request.Cookies;
        if (!cookies.ContainsKey(SessionCookie) && cookies.ContainsKey(DisplayCookie)) return DisplayScheme;
        return IdentityConstants.ApplicationScheme;
    }

    /// <summary>
    /// <c>/wall?display=&lt;token&gt;</c>: a valid link signs the browser in as that display (a cookie its circuit and
    /// reloads carry), with no login prompt; an unknown or revoked one answers a plain page saying the link is stopped.
    /// </summary>
    private static async Task OpenDisplayLinkAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Path.Equals(WallPath, StringComparison.OrdinalIgnoreCase)
            && context.Request.Query.TryGetValue("display", out var presented) && HttpMethods.IsGet(context.Request.Method))
        {
            var displays = context.RequestServices.GetRequiredService<DisplayLinks>();
            var link = await displays.FindActiveAsync(presented.ToString(), context.Connection.RemoteIpAddress?.ToString(), context.RequestAborted);
            if (link is null)
            {
                await DisplayStoppedPage.WriteAsync(context);
                return;
            }
            var principal = DashboardClaims.ForDisplay(link, DisplayScheme);
            await context.SignInAsync(DisplayScheme, principal);
            context.User = principal;
        }
        await next(context);
    }

    private static void Harden(CookieAuthenticationOptions o)
    {
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Lax;
        o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.LoginPath = LoginPath;
        o.AccessDeniedPath = DeniedPath;
        // API, OpenAPI and hub callers get a status and a problem, never a redirect to an HTML page.
        o.Events.OnRedirectToLogin = context => IsMachinePath(context.Request)
            ? Problems.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "Sign-in required.",
                "Send a session cookie, or 'Authorization: Bearer <token>' with a personal access token or a display token.")
            : Redirect(context);
        o.Events.OnRedirectToAccessDenied = context => IsMachinePath(context.Request)
            ? Problems.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, "Not allowed.", "Your role or scope does not allow this.")
            : Redirect(context);
    }

    private static Task Redirect(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    public static bool IsMachinePath(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/openapi") || request.Path.StartsWithSegments("/hubs")
        || request.Path.StartsWithSegments("/_blazor") || request.Path.StartsWithSegments(DashboardTelemetry.MetricsPath);
}

/// <summary>
/// The circuit's view of who is signed in, checked again while the circuit lives: a display link every 2 seconds (from
/// memory, at most 3 s old), a user's security stamp and disabled flag every minute. When the check fails the pages see an anonymous user
/// (the wall then says its link is stopped; other pages go to sign-in).
/// </summary>
internal sealed class DashboardAuthenticationStateProvider(
    ILoggerFactory loggers, IServiceScopeFactory scopes, DisplayLinks displays, IOptions<IdentityOptions> options, TimeProvider clock)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    private static readonly TimeSpan UserInterval = TimeSpan.FromMinutes(1);
    private long _userCheckedAt;

    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(2);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken ct)
    {
        try
        {
            return await ValidateAsync(state.User, ct);
        }
        catch (ObjectDisposedException)
        {
            // The app is shutting down under an open circuit: nothing to revalidate, and nothing worth an error in the log.
            return true;
        }
    }

    private async Task<bool> ValidateAsync(ClaimsPrincipal principal, CancellationToken ct)
    {
        if (principal.DisplayId() is { } id) return await displays.IsActiveAsync(id, ct);
        if (_userCheckedAt != 0 && clock.GetElapsedTime(_userCheckedAt) < UserInterval) return true;
        _userCheckedAt = clock.GetTimestamp();
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        var user = await users.GetUserAsync(principal);
        if (user is null || user.IsDisabled) return false;
        if (!users.SupportsUserSecurityStamp) return true;
        var stamp = principal.FindFirstValue(options.Value.ClaimsIdentity.SecurityStampClaimType);
        return stamp == await users.GetSecurityStampAsync(user);
    }
}

/// <summary>The plain page an unknown or revoked display link gets: dark like the wall, no script, no data.</summary>
public static class DisplayStoppedPage
{
    public const string Text = "显示链接已停用";

    public static async Task WriteAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync($"""
            <!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{Text}</title>
            <link rel="stylesheet" href="/app.css"></head>
            <body class="display-stopped-page"><main data-testid="display-stopped"><h1>{Text}</h1>
            <p>This display link has been revoked or is not valid. Ask a province administrator for a new one.</p></main></body></html>
            """);
    }
}
