using System.Net;

namespace Coverage.Dashboard.Security;

/// <summary>
/// <c>ReverseProxy:*</c>: the proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed. Loopback is
/// always trusted (a proxy on the same machine); these add others. Headers from anyone else are ignored, so a client
/// cannot claim another address or HTTPS.
/// </summary>
public sealed class ReverseProxyOptions
{
    public const string Section = "ReverseProxy";

    /// <summary>Proxy addresses, e.g. <c>10.0.0.5</c>.</summary>
    public string[] KnownProxies { get; set; } = [];
    /// <summary>Proxy networks in CIDR form, e.g. <c>10.0.0.0/24</c>.</summary>
    public string[] KnownNetworks { get; set; } = [];

    public bool IsValid => KnownProxies.All(p => IPAddress.TryParse(p, out _)) && KnownNetworks.All(n => System.Net.IPNetwork.TryParse(n, out _));
}
