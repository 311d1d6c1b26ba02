using System.Text;

namespace Coverage.Infrastructure.Seeding;

/// <summary>
/// A small streaming RFC 4180 reader: quoted fields, CRLF or LF. Reads one record at a time from a <see cref="TextReader"/>, so
/// a file is never held whole, and reports the line each record starts on. The first record is the header.
/// </summary>
internal static class Csv
{
    // Spreadsheet programs often save UTF-8 CSV with a byte order mark; it is not part of the first column's name.
    private const char ByteOrderMark = '\uFEFF';

    public sealed record Row(int Line, IReadOnlyList<string> Fields);

    /// <summary>The records of <paramref name="reader"/>, the header first; throws <see cref="FormatException"/> naming the line on malformed quoting.</summary>
    public static IEnumerable<Row> Read(TextReader reader)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var inQuotes = false;
        var fieldStarted = false;
        var first = true;

        int read;
        while ((read = reader.Read()) >= 0)
        {
            var c = (char)read;
            if (first)
            {
                first = false;
                if (c == ByteOrderMark) continue;
            }
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"') { reader.Read(); field.Append('"'); }
                    else
                    {
                        inQuotes = false;
                        if (reader.Peek() is >= 0 and not (',' or '\r' or '\n'))
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
                    if (EndRecord() is { } row) yield return row;
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
        if (EndRecord() is { } last) yield return last;

        Row? EndRecord()
        {
            Row? row = null;
            if (fieldStarted || field.Length > 0 || fields.Count > 0)
            {
                fields.Add(field.ToString());
                row = new Row(recordLine, fields.ToList());
            }
            fields.Clear();
            field.Clear();
            fieldStarted = false;
            return row;
        }
    }
}
