using System.Globalization;
using System.Text;

namespace Coverage.Domain.Text;

/// <summary>
/// The one rule for free text that people or files put into the database (names, operators, report notes): it must fit its
/// column and carry no invisible characters that corrupt storage or mislead a reader. Imports, forms and the API all check
/// text here, so a value one path accepts is never refused by another.
/// </summary>
/// <remarks>
/// Refused: NUL (PostgreSQL text cannot hold it), every other C0 and C1 control character (tabs and line breaks included —
/// names are one line), the bidirectional overrides, embeddings, isolates and marks (U+202A–U+202E, U+2066–U+2069,
/// U+200E, U+200F, U+061C), which can make a name display as something it is not, and unpaired UTF-16 surrogates
/// (not encodable as UTF-8). Length is counted in Unicode characters (code points), as PostgreSQL's <c>varchar(n)</c> counts.
/// </remarks>
public static class TextRules
{
    /// <summary>Why <paramref name="value"/> may not be stored in a column of <paramref name="maxLength"/> characters, or null when it may.</summary>
    /// <returns>A reason in English naming the character and its position (1-based), e.g.
    /// <c>contains a bidirectional control character U+202E at character 3</c>, or <c>is 130 characters long; at most 128 are allowed</c>.</returns>
    /// <param name="multiline">Allow line breaks and tabs (a note, a comment, a reason); every other control character is still refused.</param>
    public static string? Check(string value, int maxLength, bool multiline = false)
    {
        ArgumentNullException.ThrowIfNull(value);
        var position = 0;
        for (var i = 0; i < value.Length; i++)
        {
            position++;
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) { i++; continue; }
            if (char.IsSurrogate(c)) return $"contains an unpaired surrogate {Code(c)} at character {position}";
            if (c == '\0') return $"contains a NUL character (U+0000) at character {position}";
            if (multiline && IsLineBreakOrTab(c)) continue;
            if (IsControl(c)) return $"contains a control character {Code(c)} at character {position}";
            if (IsBidiControl(c)) return $"contains a bidirectional control character {Code(c)} at character {position}";
        }
        return position > maxLength ? $"is {position} characters long; at most {maxLength} are allowed" : null;
    }

    /// <summary>True when <paramref name="c"/> is a character <see cref="Check"/> refuses wherever it appears.</summary>
    public static bool IsRefused(char c) => IsControl(c) || IsBidiControl(c) || char.IsSurrogate(c);

    /// <summary>
    /// <paramref name="value"/> safe to quote in a message, a log line or a table cell: every refused character written as
    /// <c>\u{XXXX}</c>, so a bad value is shown as it is without reordering or breaking the text around it.
    /// </summary>
    public static string Visible(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!value.Any(IsRefused)) return value;
        var text = new StringBuilder(value.Length + 16);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) text.Append(c).Append(value[++i]);
            else if (IsRefused(c)) text.Append(@"\u{").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)).Append('}');
            else text.Append(c);
        }
        return text.ToString();
    }

    /// <summary>The control characters a multi-line text may hold.</summary>
    public static bool IsLineBreakOrTab(char c) => c is '\n' or '\r' or '\t';

    // C0 (U+0000–U+001F), DEL and C1 (U+007F–U+009F).
    private static bool IsControl(char c) => c < '\u0020' || c is >= '\u007F' and <= '\u009F';

    private static bool IsBidiControl(char c) =>
        c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u200E' or '\u200F' or '\u061C';

    private static string Code(char c) => "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);
}
