namespace Coverage.Dashboard.Components.Pages.Wall;

public enum FreshnessLevel
{
    Live,
    Amber,
    Red,
}

/// <summary>
/// How fresh the wall's data is. The change feed proves itself alive every few seconds (a notification or a
/// keepalive round trip); past <see cref="AmberAfter"/> without one the wall turns amber, past
/// <see cref="RedAfter"/> red; a disconnected feed is never shown as live. Old numbers never pass for live ones.
/// </summary>
public static class Freshness
{
    public static readonly TimeSpan AmberAfter = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan RedAfter = TimeSpan.FromSeconds(60);

    public static FreshnessLevel Evaluate(DateTimeOffset now, DateTimeOffset? lastHeartbeat, bool connected)
    {
        if (lastHeartbeat is null) return FreshnessLevel.Red;
        var age = now - lastHeartbeat.Value;
        if (age > RedAfter) return FreshnessLevel.Red;
        if (!connected || age > AmberAfter) return FreshnessLevel.Amber;
        return FreshnessLevel.Live;
    }
}
