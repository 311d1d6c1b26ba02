namespace Coverage.Dashboard.Security;

/// <summary>
/// <c>Limits:*</c>: how much one caller may ask of the server. A caller is the signed-in user (or display link, or the
/// token's user) and, when anonymous, the client IP (the real one behind a trusted proxy, see <see cref="ReverseProxyOptions"/>).
/// A value of 0 or less turns that limit off (the benches do, to open thousands of connections as one user). The counts
/// are kept in memory, per server process.
/// </summary>
public sealed class LimitsOptions
{
    public const string Section = "Limits";

    /// <summary><c>/api/*</c> requests per caller per window: far above what the pages make (a map load is 3).</summary>
    public int ApiRequestsPerWindow { get; set; } = 600;
    public int ApiWindowSeconds { get; set; } = 60;
    /// <summary>Sign-in form posts per client IP per window, on top of the per-account lockout.</summary>
    public int SignInAttemptsPerWindow { get; set; } = 20;
    public int SignInWindowSeconds { get; set; } = 60;
    /// <summary>Open connections to <c>/hubs/*</c> per caller.</summary>
    public int HubConnectionsPerUser { get; set; } = 50;
    /// <summary>Open Blazor circuits (page tabs, wall screens) per caller.</summary>
    public int CircuitsPerUser { get; set; } = 30;
    /// <summary>
    /// Map layers per caller per window that the server must build because nobody asked for them yet (a new asOf date, scope
    /// or filter); cached layers never count. A playback of five years month by month is about 120.
    /// </summary>
    public int LayerBuildsPerWindow { get; set; } = 120;
    public int LayerBuildWindowSeconds { get; set; } = 60;
    /// <summary>The largest body a form post under <c>/account</c> may have; anything larger answers 400 unread.</summary>
    public int AccountFormBytes { get; set; } = 16 * 1024;

    public bool IsValid => ApiWindowSeconds > 0 && SignInWindowSeconds > 0 && AccountFormBytes > 0 && LayerBuildWindowSeconds > 0;
}
