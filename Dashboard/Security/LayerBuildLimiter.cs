using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Coverage.Dashboard.Security;

/// <summary>
/// The per-user limit on the map's expensive path: building a layer that is not cached (a new <c>asOf</c>, scope or filter).
/// Cached layers and 304s never count. <c>Limits:LayerBuildsPerWindow</c> builds per caller per
/// <c>Limits:LayerBuildWindowSeconds</c>; 0 turns it off. Kept in memory, per server process, like the other limits.
/// </summary>
public sealed class LayerBuildLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string>? _limiter;

    public LayerBuildLimiter(IOptions<LimitsOptions> options)
    {
        var limits = options.Value;
        if (limits.LayerBuildsPerWindow <= 0) return;
        _limiter = PartitionedRateLimiter.Create<string, string>(caller => RateLimitPartition.GetFixedWindowLimiter(caller,
            _ => RequestLimits.Window(limits.LayerBuildsPerWindow, limits.LayerBuildWindowSeconds)));
    }

    /// <summary>
    /// Takes one build from <paramref name="caller"/>'s window (<see cref="RequestLimits.Caller"/>; null — the server's own
    /// work — is never limited), or throws <see cref="LayerBuildRefusedException"/> (429) saying when to try again.
    /// </summary>
    public void Acquire(string? caller)
    {
        if (_limiter is null || caller is null) return;
        using var lease = _limiter.AttemptAcquire(caller);
        if (lease.IsAcquired) return;
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
        throw new LayerBuildRefusedException(StatusCodes.Status429TooManyRequests, wait, "Too many new map layers.",
            "This user has asked for more new map layers (a new asOf date, scope or filter) than the limit allows; " +
            "layers already built are still served. Try again after Retry-After seconds.", "userLimit");
    }

    public void Dispose() => _limiter?.Dispose();
}

/// <summary>A layer that would have to be built was refused: 429 (the caller's limit) or 503 (every build slot is taken).</summary>
public sealed class LayerBuildRefusedException(int status, TimeSpan retryAfter, string title, string detail, string reason)
    : Exception(detail)
{
    public int Status { get; } = status;
    public TimeSpan RetryAfter { get; } = retryAfter;
    public string Title { get; } = title;
    public string Reason { get; } = reason;
}
