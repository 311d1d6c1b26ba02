namespace Coverage.Dashboard.Security;

/// <summary>
/// The address of the browser behind an interactive page, for the audit log. A circuit has no <c>HttpContext</c> (and
/// <c>IHttpContextAccessor</c> is not reliable there), so <c>App.razor</c> reads it from the page's first request and hands it to
/// <c>Routes</c> as a root-component parameter — which travels inside the server's data-protected component descriptor, so a
/// browser cannot change it — and <c>Routes</c> cascades it to every page. Null when the address is unknown.
/// </summary>
public sealed record ClientAddress(string? Ip);
