using System.Collections.Concurrent;

namespace Coverage.Dashboard.Services;

/// <summary>
/// The one place that knows a division's address on the overview (<c>/?prefecture=…&amp;county=…</c>, the drill-down) and on
/// the map page; relative to the base address, like every link here. A null code is the province.
/// </summary>
public static class DivisionLinks
{
    /// <summary>How many divisions' overview links are kept (the province has 21 prefectures and 183 counties).</summary>
    public const int MaxCached = 4096;

    private static readonly ConcurrentDictionary<string, string> OverviewLinks = new(StringComparer.Ordinal);

    /// <summary>
    /// A division's overview address. The same string each time for a code: every open page's ranking draws one per row after
    /// every change (issue 14: 21 new strings a page and change were the largest part of a page's render garbage), and an
    /// unchanged link is then the same reference to the renderer's diff.
    /// </summary>
    public static string Overview(string? code)
    {
        if (string.IsNullOrEmpty(code)) return "./";
        if (OverviewLinks.TryGetValue(code, out var link)) return link;
        link = "./" + Query(code);
        if (OverviewLinks.Count < MaxCached) OverviewLinks.TryAdd(code, link);
        return link;
    }

    public static string Map(string? code) => "map" + Query(code);

    /// <summary>The query string of a division's scope: <c>?prefecture=5134</c>, <c>?prefecture=5134&amp;county=513401</c>, or empty.</summary>
    public static string Query(string? code) => code switch
    {
        null or "" => "",
        { Length: 4 } => "?prefecture=" + Uri.EscapeDataString(code),
        _ => "?prefecture=" + Uri.EscapeDataString(code[..4]) + "&county=" + Uri.EscapeDataString(code),
    };
}
