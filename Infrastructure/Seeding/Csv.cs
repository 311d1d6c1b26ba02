using System.Text;

namespace Coverage.Infrastructure.Seeding;

/// <summary>A small RFC 4180 reader: a header row, quoted fields, CRLF or LF. Reports the line each record starts on.</summary>
internal static class Csv
{
    // Spreadsheet programs often save UTF-8 CSV with a byte order mark; it is not part of the first column's name.
    private const char ByteOrderMark = '\uFEFF';

    public sealed record Row(int Line, IReadOnlyList<string> Fields);

    /// <summary>Parses <paramref name="text"/>; throws <see cref="FormatException"/> naming the line on malformed quoting.</summary>
    public static (IReadOnlyList<string> Header, List<Row> Rows) Parse(string text)
    {
        if (text.Length > 0 && text[0] == ByteOrderMark) text = text[1..];
        var records = new List<Row>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var inQuotes = false;
        var fieldStarted = false;

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                    else
                    {
                        inQuotes = false;
                        if (i + 1 < text.Length && text[i + 1] is not (',' or '\r' or '\n'))
                            throw new FormatException($"line {line}: unexpected character after a closing quote");
                    }
                }
                else
                {
                    if (c == '\n') line++;
                    field.Append(c);
                }
                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0 && !fieldStarted:
                    inQuotes = true;
                    fieldStarted = true;
                    break;
                case '"':
                    throw new FormatException($"line {line}: a quote inside an unquoted field");
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldStarted = false;
                    break;
                case '\r':
                    break;
                case '\n':
                    EndRecord();
                    line++;
                    recordLine = line;
                    break;
                default:
                    field.Append(c);
                    fieldStarted = true;
                    break;
            }
        }
        if (inQuotes) throw new FormatException($"line {recordLine}: a quoted field is not closed");
        EndRecord();

        if (records.Count == 0) throw new FormatException("line 1: the file is empty (a header row is required)");
        var header = records[0].Fields.Select(h => h.Trim()).ToList();
        return (header, records.Skip(1).ToList());

        void EndRecord()
        {
            if (fieldStarted || field.Length > 0 || fields.Count > 0)
            {
                fields.Add(field.ToString());
                records.Add(new Row(recordLine, fields.ToList()));
            }
            fields.Clear();
            field.Clear();
            fieldStarted = false;
        }
    }
}
