namespace Coverage.Dashboard.Services;

/// <summary>
/// Cells for CSV files people open in Excel or WPS: RFC 4180 quoting, and no formula injection — a cell that begins with
/// <c>= + - @</c>, a tab or a carriage return (or their full-width forms, which CJK spreadsheets may read as the same) gets a
/// leading apostrophe, so the spreadsheet shows it as text instead of evaluating it (OWASP "CSV Injection").
/// </summary>
public static class CsvCells
{
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];
    private static readonly char[] NeedQuotes = ['"', ',', '\r', '\n'];

    public static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (Array.IndexOf(FormulaStarts, value[0]) >= 0) value = "'" + value;
        return value.IndexOfAny(NeedQuotes) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    /// <summary>One line of cells, each escaped, ended with CRLF.</summary>
    public static string Row(params IEnumerable<string?> cells) => string.Join(',', cells.Select(Escape)) + "\r\n";
}
