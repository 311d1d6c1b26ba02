namespace Coverage.Dashboard.Services;

/// <summary>
/// <c>Layers:*</c>: how much memory and CPU the map layers may take on a node. A layer is built (and compressed) once per
/// snapshot and filter and kept in <see cref="LayerCache"/>; who may make the server build one is limited per user by
/// <c>Limits:LayerBuildsPerWindow</c> (see <see cref="Security.LimitsOptions"/>).
/// </summary>
public sealed class LayerOptions
{
    public const string Section = "Layers";

    /// <summary>The most the layer cache holds, JSON and compressed copies counted: 128 MB, about 70 whole-province township layers.</summary>
    public long CacheBytes { get; set; } = 128L * 1024 * 1024;

    /// <summary>A layer nobody asked for in this many minutes is dropped when the next one is added.</summary>
    public int IdleMinutes { get; set; } = 10;

    /// <summary>Layers built at once; others wait (asynchronously, holding no thread). Default: half the processors, at least 1.</summary>
    public int MaxConcurrentBuilds { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>Requests that may wait for a build slot; one more answers 503 with Retry-After.</summary>
    public int MaxQueuedBuilds { get; set; } = 64;

    public bool IsValid => CacheBytes > 0 && IdleMinutes > 0 && MaxConcurrentBuilds > 0 && MaxQueuedBuilds >= 0;
}
