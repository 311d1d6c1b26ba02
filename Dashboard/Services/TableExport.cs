using System.Globalization;
using System.Text;
using Coverage.Dashboard.Resources;
using Coverage.Domain.Coverage;
using Coverage.Domain.Stations;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;

namespace Coverage.Dashboard.Services;

public enum ExportFormat
{
    Xlsx,
    Csv,
}

/// <summary>One column of an exported table: its header (in the user's language, Chinese by default) and its cell value.</summary>
/// <remarks>A value is a string, a number or null; dates are written as <c>yyyy-MM-dd</c> strings so both formats read the same.</remarks>
public sealed record ExportColumn<TRow>(string Header, Func<TRow, object?> Value);

/// <summary>What is exported: the table's name (file name and title), an ASCII name for the fallback file name, and the view it came from.</summary>
public sealed record ExportView(string Title, string AsciiName, CoverageSnapshot Snapshot, CoverageFilter Filter,
    IReadOnlyList<KeyValuePair<string, string>>? Notes = null);

/// <summary>
/// The one way to export a table: any rows and column definitions, as .xlsx (MiniExcel: a first sheet 说明 with the scope,
/// filter, as-of day, data source and export time, then the data) or as CSV (UTF-8 with a BOM so Excel reads Chinese; the same
/// header block as leading <c># key,value</c> lines, a blank line, then the table). Formula injection is guarded in both:
/// CSV cells go through <see cref="CsvCells"/>; .xlsx cells are written as plain string cells (never a formula), which a test proves.
/// </summary>
public sealed class TableExport(TimeProvider clock, IStringLocalizer<Strings> text, DomainText domain)
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string CsvContentType = "text/csv; charset=utf-8";

    /// <summary>Parses the <c>format</c> query value: <c>xlsx</c> or <c>csv</c> (any case); anything else is not an export format.</summary>
    public static bool TryParseFormat(string? value, out ExportFormat format)
    {
        format = default;
        if (string.Equals(value, "xlsx", StringComparison.OrdinalIgnoreCase)) format = ExportFormat.Xlsx;
        else if (string.Equals(value, "csv", StringComparison.OrdinalIgnoreCase)) format = ExportFormat.Csv;
        else return false;
        return true;
    }

    /// <summary>The table as a file to send: rows and columns in, the bytes, content type and file names out.</summary>
    public ExportFile Write<TRow>(ExportFormat format, ExportView view, IEnumerable<TRow> rows, IReadOnlyList<ExportColumn<TRow>> columns)
    {
        var about = About(view);
        var stem = $"{view.Title}-{ScopeName(view)}-{DayText(view)}";
        var asciiStem = $"{view.AsciiName}-{view.Filter.County ?? view.Filter.Prefecture ?? "province"}-{DayText(view)}";
        return format == ExportFormat.Xlsx
            ? new ExportFile(Xlsx(about, rows, columns), XlsxContentType, stem + ".xlsx", asciiStem + ".xlsx")
            : new ExportFile(Csv(about, rows, columns), CsvContentType, stem + ".csv", asciiStem + ".csv");
    }

    /// <summary>The header block: scope, filter, as-of, data source, export time (and the view's own notes).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> About(ExportView view)
    {
        var dataset = view.Snapshot.Dataset;
        var source = dataset is null ? "—"
            : dataset.Name + (dataset.HasSynthetic ? " · " + text["Dataset.Synthetic"] : "") + (dataset.HasApproximate ? " · " + text["Dataset.Approximate"] : "");
        List<KeyValuePair<string, string>> lines =
        [
            new(text["Export.Table"], view.Title),
            new(text["Export.Scope"], ScopeName(view)),
            new(text["Export.Filter"], FilterText(view.Filter)),
            new(text["Export.Query"], FilterQuery.ToQueryString(view.Filter) is { Length: > 0 } q ? q : "—"),
            new(text["Export.AsOf"], view.Filter.AsOf is { } asOf ? Date(asOf)! : string.Format(CultureInfo.CurrentCulture, text["Export.AsOfNow"], DayText(view))),
            new(text["Export.Source"], source),
            new(text["Export.ExportedAt"], clock.GetLocalNow().ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture)),
        ];
        if (view.Notes is not null) lines.AddRange(view.Notes);
        return lines;
    }

    private byte[] Xlsx<TRow>(IReadOnlyList<KeyValuePair<string, string>> about, IEnumerable<TRow> rows, IReadOnlyList<ExportColumn<TRow>> columns)
    {
        var aboutRows = about.Select(line => new Dictionary<string, object?> { [text["Export.Item"]] = line.Key, [text["Export.Value"]] = line.Value });
        var dataRows = rows.Select(row =>
        {
            var cells = new Dictionary<string, object?>(columns.Count, StringComparer.Ordinal);
            foreach (var column in columns) cells[column.Header] = column.Value(row);
            return cells;
        });
        var sheets = new Dictionary<string, object>
        {
            [text["Export.AboutSheet"]] = aboutRows,
            [text["Export.DataSheet"]] = dataRows,
        };
        using var stream = new MemoryStream();
        stream.SaveAs(sheets, excelType: ExcelType.XLSX);
        return stream.ToArray();
    }

    private static byte[] Csv<TRow>(IReadOnlyList<KeyValuePair<string, string>> about, IEnumerable<TRow> rows, IReadOnlyList<ExportColumn<TRow>> columns)
    {
        var csv = new StringBuilder();
        foreach (var line in about) csv.Append(CsvCells.Row("# " + line.Key, line.Value));
        csv.Append("\r\n");
        csv.Append(CsvCells.Row(columns.Select(c => c.Header)));
        foreach (var row in rows) csv.Append(CsvCells.Row(columns.Select(c => Cell(c.Value(row)))));
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    private static string? Cell(object? value) => value switch
    {
        null => null,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private string ScopeName(ExportView view) =>
        view.Filter.County is { } county ? view.Snapshot.CountyName(county)
        : view.Filter.Prefecture is { } prefecture ? view.Snapshot.PrefectureName(prefecture)
        : text["Map.Province"];

    private string FilterText(CoverageFilter filter)
    {
        var parts = new List<string>();
        if (filter.Modes is { Count: > 0 } modes)
            parts.Add(text["Filters.Modes"] + ": " + string.Join(text["Common.ListSeparator"], DomainIds.Modes.Where(modes.Contains).Select(domain.Mode)));
        if (filter.IsNotOperating) parts.Add(text["Filters.Statuses"] + ": " + text["Filters.NotOperating"]);
        else if (filter.FiltersStatus)
            parts.Add(text["Filters.Statuses"] + ": " + string.Join(text["Common.ListSeparator"],
                DomainIds.Statuses.Where(s => filter.Statuses?.Contains(s) == true).Select(domain.Status)
                    .Concat(filter.WithoutStation ? [text["Map.NoStation"].Value] : [])));
        return parts.Count == 0 ? text["Export.NoFilter"] : string.Join("; ", parts);
    }

    private string DayText(ExportView view) => Date(view.Filter.AsOf ?? DateOnly.FromDateTime(clock.GetLocalNow().DateTime))!;

    /// <summary>A date as every export writes it.</summary>
    public static string? Date(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
