namespace Coverage.Dashboard.Services;

/// <summary>
/// The one place that knows a division's address on the overview (<c>/?prefecture=…&amp;county=…</c>, the drill-down) and on
/// the map page; relative to the base address, like every link here. A null code is the province.
/// </summary>
public static class DivisionLinks
{
    public static string Overview(string? code) => "./" + Query(code);

    public static string Map(string? code) => "map" + Query(code);

    /// <summary>The query string of a division's scope: <c>?prefecture=5134</c>, <c>?prefecture=5134&amp;county=513401</c>, or empty.</summary>
    public static string Query(string? code) => code switch
    {
        null or "" => "",
        { Length: 4 } => "?prefecture=" + Uri.EscapeDataString(code),
        _ => "?prefecture=" + Uri.EscapeDataString(code[..4]) + "&county=" + Uri.EscapeDataString(code),
    };
}
