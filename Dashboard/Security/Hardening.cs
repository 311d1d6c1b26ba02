using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Coverage.Dashboard.Security;

/// <summary>
/// The hardened default: no <c>Server</c> header, the security headers on every response (<see cref="SecurityHeaders"/>),
/// HSTS on HTTPS outside Development, a TLS-terminating reverse proxy's <c>X-Forwarded-For</c>/<c>-Proto</c> honoured from
/// trusted proxies only (<see cref="ReverseProxyOptions"/>), an <c>Origin</c> check on live connections
/// (<see cref="LiveConnectionOrigins"/>), and the request limits (<see cref="RequestLimits"/>).
/// </summary>
public static class Hardening
{
    public static WebApplicationBuilder AddDashboardHardening(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // Services-level, so it holds for every server built from these services (the tests' Kestrel too).
        services.Configure<KestrelServerOptions>(o => o.AddServerHeader = false);
        services.AddOptions<ReverseProxyOptions>().BindConfiguration(ReverseProxyOptions.Section)
            .Validate(o => o.IsValid, "ReverseProxy:KnownProxies takes IP addresses (10.0.0.5), ReverseProxy:KnownNetworks CIDR ranges (10.0.0.0/24).")
            .ValidateOnStart();
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.Section)
            .Validate(o => o.IsValid, "Security:AllowedOrigins takes origins like https://wall.example.org (scheme, host, optional port; no path); Security:HstsMaxAgeDays is 0 or more.")
            .ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ReverseProxyOptions>>((o, proxies) =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in proxies.Value.KnownProxies) o.KnownProxies.Add(IPAddress.Parse(proxy));
            foreach (var network in proxies.Value.KnownNetworks) o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        });
        services.AddOptions<HstsOptions>().Configure<IOptions<SecurityOptions>>((o, security) =>
            o.MaxAge = TimeSpan.FromDays(security.Value.HstsMaxAgeDays));
        services.AddRequestLimits();
        services.AddAntiforgery(o =>
        {
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.SuppressXFrameOptionsHeader = true; // X-Frame-Options: DENY is on every response already
        });
        return builder;
    }

    /// <summary>
    /// The outermost part of the pipeline, before the exception handler: the proxy's headers first (so scheme and client IP
    /// are right for everything after), then the security headers hook, then the live connections' origin check.
    /// </summary>
    public static WebApplication UseDashboardFrontDoor(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseSecurityHeaders(app.Environment.IsDevelopment());
        app.UseLiveConnectionOriginCheck();
        return app;
    }
}
