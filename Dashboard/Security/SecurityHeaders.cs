using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;

namespace Coverage.Dashboard.Security;

/// <summary>
/// The headers every response carries — pages, API, static files, errors, 401/403/429, <c>/healthz</c> — set just before
/// the response starts, so nothing later in the pipeline (the exception handler clears headers) can drop them.
/// </summary>
/// <remarks>
/// The Content-Security-Policy is the one the pages run under with no violation:
/// <list type="bullet">
/// <item><c>script-src 'self'</c> plus the SHA-256 of the page's import map: <c>&lt;ImportMap /&gt;</c> renders an inline
/// <c>&lt;script type="importmap"&gt;</c> whose text is the endpoint's <see cref="ImportMapDefinition"/> JSON, so its hash
/// is computed from that same definition (once per definition; it changes only when static assets are rebuilt). No
/// <c>'unsafe-inline'</c>, no <c>'unsafe-eval'</c>: Blazor Server, MudBlazor and Leaflet need neither.</item>
/// <item><c>style-src 'unsafe-inline'</c>: MudBlazor writes <c>style</c> attributes (its theme is a linked style sheet, ThemeStyleSheets),
/// Blazor and Leaflet set styles on elements. Inline styles cannot run script; that is the one relaxation.</item>
/// <item><c>img-src data:</c>: MudBlazor's stylesheet carries small images as data URIs. The map draws our own GeoJSON
/// from <c>/api/map/*</c> on a canvas; there is no tile server.</item>
/// <item><c>connect-src 'self'</c> plus <c>ws(s)://</c> of this host (older browsers do not count WebSockets as 'self'):
/// the circuit, the hub, the map's fetches and <c>/healthz</c> are all on this origin.</item>
/// </list>
/// </remarks>
public static partial class SecurityHeaders
{
    public const string ReferrerPolicy = "strict-origin-when-cross-origin";
    public const string PermissionsPolicy =
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";

    private const string AfterScripts =
        "; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'";
    private const string Closing = "; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    // 'dotnet watch' serves its browser-refresh script from this host but talks to its own port.
    private const string DevelopmentConnect = " ws://localhost:* wss://localhost:* http://localhost:*";

    private static readonly ConditionalWeakTable<ImportMapDefinition, string> ImportMapSources = [];

    /// <summary>Sets the headers on every response that passes through the rest of the pipeline.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app, bool development) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var (httpContext, dev) = ((HttpContext, bool))state;
                Apply(httpContext, dev);
                return Task.CompletedTask;
            }, (context, development));
            return next(context);
        });

    private static void Apply(HttpContext context, bool development)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy(context, development);
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = ReferrerPolicy;
        headers["Permissions-Policy"] = PermissionsPolicy;
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
    }

    public static string ContentSecurityPolicy(HttpContext context, bool development)
    {
        var request = context.Request;
        var policy = new StringBuilder("default-src 'self'; script-src 'self'", 512);
        if (context.GetEndpoint()?.Metadata.GetMetadata<ImportMapDefinition>() is { } importMap)
            policy.Append(' ').Append(ImportMapSources.GetValue(importMap, HashSource));
        policy.Append(AfterScripts);
        // Only a plain host name or address (and port) goes into the header: a Host header is the client's to choose.
        if (PlainHost().IsMatch(request.Host.Value ?? "")) policy.Append(request.IsHttps ? " wss://" : " ws://").Append(request.Host.Value);
        if (development) policy.Append(DevelopmentConnect);
        policy.Append(Closing);
        // Behind TLS, any http:// reference is upgraded rather than loaded in clear; on plain HTTP it would break them.
        if (request.IsHttps) policy.Append("; upgrade-insecure-requests");
        return policy.ToString();
    }

    /// <summary>The CSP source allowing exactly this import map's inline script: its text is the definition's JSON, <see cref="ImportMapDefinition.ToString"/>.</summary>
    public static string HashSource(ImportMapDefinition importMap) =>
        $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(importMap.ToString())))}'";

    [GeneratedRegex(@"^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$")]
    private static partial Regex PlainHost();
}
