using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Coverage.Dashboard.Security;

/// <summary>
/// The request limits: ASP.NET Core's rate limiter as one global, partitioned limiter (429 with <c>Retry-After</c>), and a
/// small body cap on the account forms (400). Limits:* settings as in <see cref="LimitsOptions"/>.
/// </summary>
public static class RequestLimits
{
    /// <summary>What a refused live connection is told to wait: a slot frees when another connection of the caller closes.</summary>
    private static readonly TimeSpan ConnectionRetryAfter = TimeSpan.FromSeconds(10);

    public static IServiceCollection AddRequestLimits(this IServiceCollection services)
    {
        services.AddOptions<LimitsOptions>().BindConfiguration(LimitsOptions.Section)
            .Validate(o => o.IsValid, "Limits:ApiWindowSeconds, Limits:SignInWindowSeconds, Limits:LayerBuildWindowSeconds and Limits:AccountFormBytes must be positive.")
            .ValidateOnStart();
        // The forms this app posts are a handful of short fields; these bound what parsing any form may cost.
        services.Configure<FormOptions>(o =>
        {
            o.ValueCountLimit = 256;
            o.KeyLengthLimit = 512;
            o.ValueLengthLimit = 1024 * 1024;
        });
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<LimitsOptions>>((o, limits) =>
        {
            var l = limits.Value;
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, l));
            o.OnRejected = OnRejectedAsync;
        });
        return services;
    }

    /// <summary>Which limiter a request falls under; everything else (pages, static files, health) is not limited here.</summary>
    private static RateLimitPartition<string> Partition(HttpContext context, LimitsOptions limits)
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments("/api") && limits.ApiRequestsPerWindow > 0)
            return RateLimitPartition.GetFixedWindowLimiter("api " + Caller(context),
                _ => Window(limits.ApiRequestsPerWindow, limits.ApiWindowSeconds));
        if (IsSignInPost(request) && limits.SignInAttemptsPerWindow > 0)
            return RateLimitPartition.GetFixedWindowLimiter("sign-in " + ClientIp(context),
                _ => Window(limits.SignInAttemptsPerWindow, limits.SignInWindowSeconds));
        if (IsLiveConnection(context, "/hubs") && limits.HubConnectionsPerUser > 0)
            return RateLimitPartition.GetConcurrencyLimiter("hub " + Caller(context),
                _ => new ConcurrencyLimiterOptions { PermitLimit = limits.HubConnectionsPerUser, QueueLimit = 0 });
        if (IsLiveConnection(context, "/_blazor") && limits.CircuitsPerUser > 0)
            return RateLimitPartition.GetConcurrencyLimiter("circuit " + Caller(context),
                _ => new ConcurrencyLimiterOptions { PermitLimit = limits.CircuitsPerUser, QueueLimit = 0 });
        return RateLimitPartition.GetNoLimiter("");
    }

    internal static FixedWindowRateLimiterOptions Window(int permits, int seconds) => new()
    {
        PermitLimit = permits,
        Window = TimeSpan.FromSeconds(seconds),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    /// <summary>The signed-in principal's id (a user, a display link), or the client IP when anonymous.</summary>
    internal static string Caller(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true
            ? "user:" + (context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? context.User.Identity.Name)
            : ClientIp(context);

    private static string ClientIp(HttpContext context) => "ip:" + (context.Connection.RemoteIpAddress ?? IPAddress.None);

    private static bool IsSignInPost(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && request.Path.Equals(SecurityHosting.LoginPath, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A request that stays open as long as the connection: the WebSocket, or a Server-Sent-Events or long-polling GET
    /// (<c>?id=</c>). Negotiation, the circuit's other small requests and long polling's sends are not counted.
    /// </summary>
    private static bool IsLiveConnection(HttpContext context, string prefix)
    {
        var request = context.Request;
        return request.Path.StartsWithSegments(prefix) && (IsWebSocketUpgrade(request) || (HttpMethods.IsGet(request.Method) && request.Query.ContainsKey("id")));
    }

    /// <summary>
    /// A WebSocket handshake, read from the request itself: SignalR's WebSocket middleware runs inside its endpoint, after
    /// this limiter, so <c>HttpContext.WebSockets.IsWebSocketRequest</c> is not yet known here.
    /// </summary>
    private static bool IsWebSocketUpgrade(HttpRequest request) =>
        HttpMethods.IsConnect(request.Method) // HTTP/2 extended CONNECT
        || request.Headers.Upgrade.Any(u => u is not null && u.Contains("websocket", StringComparison.OrdinalIgnoreCase));

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        var context = rejected.HttpContext;
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : ConnectionRetryAfter;
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        if (IsSignInPost(context.Request))
        {
            await TooManySignInsPage.WriteAsync(context, seconds);
            return;
        }
        await Problems.WriteAsync(context, StatusCodes.Status429TooManyRequests, "Too many requests.",
            $"This caller has reached its limit; try again in {seconds} s.");
    }

    /// <summary>
    /// How much of a refused body the server still reads (and discards) after answering, so the client, still sending, reads the
    /// answer on a connection that stays open; beyond it the connection is cut. The API's JSON bodies and the account forms share it.
    /// </summary>
    public const int RefusedBodyDrainBytes = 64 * 1024;

    /// <summary>
    /// Form posts under <c>/account</c> (sign-in, change password, sign-out) are a few short fields: a body above
    /// <see cref="LimitsOptions.AccountFormBytes"/> answers 400, whether it declares its length or not (a chunked body is read
    /// up to one byte past the cap before the form is parsed), and a form that cannot be parsed answers 400 too — never 413 or
    /// 500. A refused body is drained up to <see cref="RefusedBodyDrainBytes"/>. Runs before antiforgery, which reads the form.
    /// </summary>
    public static IApplicationBuilder UseAccountFormLimits(this IApplicationBuilder app)
    {
        var limit = app.ApplicationServices.GetRequiredService<IOptions<LimitsOptions>>().Value.AccountFormBytes;
        return app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (!HttpMethods.IsPost(request.Method) || !request.Path.StartsWithSegments("/account"))
            {
                await next(context);
                return;
            }
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
                size.MaxRequestBodySize = Math.Max(limit, RefusedBodyDrainBytes);
            if (request.ContentLength > limit)
            {
                await BadFormAsync(context, $"The form is larger than {limit} bytes.");
                return;
            }
            try
            {
                if (request.ContentLength is null && !await BufferUpToAsync(request, limit, context.RequestAborted))
                {
                    await BadFormAsync(context, $"The form is larger than {limit} bytes.");
                    return;
                }
                await next(context);
            }
            catch (Exception e) when (e is BadHttpRequestException or InvalidDataException && !context.Response.HasStarted)
            {
                await BadFormAsync(context, "The form could not be read.");
            }
        });
    }

    /// <summary>
    /// Reads a body of unknown length up to one byte past <paramref name="limit"/>: false when it is longer (the rest is left
    /// for the server to drain), otherwise the request's body becomes what was read.
    /// </summary>
    private static async Task<bool> BufferUpToAsync(HttpRequest request, int limit, CancellationToken ct)
    {
        var buffer = new byte[limit + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length), ct)) > 0) length += read;
        if (length > limit) return false;
        request.Body = new MemoryStream(buffer, 0, length, writable: false);
        return true;
    }

    private static Task BadFormAsync(HttpContext context, string detail)
    {
        context.Response.Clear();
        return Problems.WriteAsync(context, StatusCodes.Status400BadRequest, "Bad form.", detail);
    }
}
