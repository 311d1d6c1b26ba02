namespace Coverage.Dashboard.Security;

/// <summary><c>Security:*</c>: the browser-facing hardening that deployments may tune.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>
    /// Other sites whose pages may open the hub or a circuit (e.g. <c>https://wall.example.org</c>); this site's own
    /// origin is always allowed. See <see cref="LiveConnectionOrigins"/>.
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>HSTS <c>max-age</c>, sent on HTTPS responses outside Development.</summary>
    public int HstsMaxAgeDays { get; set; } = 365;

    public bool IsValid => HstsMaxAgeDays >= 0 && AllowedOrigins.All(o => LiveConnectionOrigins.Normalize(o) is not null);
}
