namespace Coverage.Dashboard.Services;

/// <summary>
/// The reader's display choices from the request that rendered the page (cookies; see <c>TextSizeEndpoints</c>), cascaded
/// to every page as the audit's <c>ClientAddress</c> is: a root component's parameters are set once, from that request.
/// </summary>
public sealed record DisplayPreferences(bool LargeText);
