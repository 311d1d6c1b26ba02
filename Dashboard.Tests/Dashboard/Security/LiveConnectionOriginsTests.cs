using Coverage.Dashboard.Security;
using Microsoft.AspNetCore.Http;

namespace Coverage.Dashboard.Tests.Dashboard.Security;

/// <summary>Which <c>Origin</c> counts as this site's own: scheme, host and port as the request arrived.</summary>
public sealed class LiveConnectionOriginsTests
{
    private static readonly HashSet<string> NoneConfigured = [];

    [Theory]
    [InlineData("http", "127.0.0.1:5000", "http://127.0.0.1:5000", true)]
    [InlineData("http", "Dashboard.Example.org", "http://dashboard.example.org", true)] // case, default port
    [InlineData("https", "dashboard.example.org", "https://dashboard.example.org:443", true)]
    [InlineData("https", "[::1]:8443", "https://[::1]:8443", true)]
    [InlineData("http", "127.0.0.1:5000", "http://127.0.0.1:5001", false)] // another port
    [InlineData("http", "dashboard.example.org", "https://dashboard.example.org", false)] // another scheme
    [InlineData("https", "dashboard.example.org", "http://dashboard.example.org", false)] // a page over plain HTTP behind TLS
    [InlineData("http", "dashboard.example.org", "http://dashboard.example.org.evil.example", false)]
    [InlineData("http", "dashboard.example.org", "null", false)] // sandboxed frames, file: pages
    [InlineData("http", "dashboard.example.org", "http://dashboard.example.org/path", false)]
    [InlineData("http", "dashboard.example.org", "http://dashboard.example.org, http://evil.example", false)]
    public void Only_this_sites_own_origin_is_allowed(string scheme, string host, string origin, bool allowed)
    {
        var request = new DefaultHttpContext().Request;
        request.Scheme = scheme;
        request.Host = new HostString(host);

        Assert.Equal(allowed, LiveConnectionOrigins.IsAllowed(request, origin, NoneConfigured));
    }

    [Fact]
    public void A_configured_origin_is_allowed_too()
    {
        var request = new DefaultHttpContext().Request;
        request.Scheme = "https";
        request.Host = new HostString("dashboard.example.org");
        var configured = new[] { "https://wall.example.org", "HTTP://Kiosk.Example.org:8080/" }.Select(o => LiveConnectionOrigins.Normalize(o)!).ToHashSet();

        Assert.True(LiveConnectionOrigins.IsAllowed(request, "https://wall.example.org", configured));
        Assert.True(LiveConnectionOrigins.IsAllowed(request, "http://kiosk.example.org:8080", configured));
        Assert.False(LiveConnectionOrigins.IsAllowed(request, "http://wall.example.org", configured));
    }

    [Theory]
    [InlineData("https://wall.example.org", true)]
    [InlineData("https://wall.example.org/", true)]
    [InlineData("wall.example.org", false)]
    [InlineData("https://wall.example.org/wall", false)]
    [InlineData("ftp://wall.example.org", false)]
    [InlineData("*", false)]
    public void Security_AllowedOrigins_takes_origins_only(string entry, bool valid) =>
        Assert.Equal(valid, new SecurityOptions { AllowedOrigins = [entry] }.IsValid);
}
