namespace Coverage.Domain.Text;

/// <summary>
/// The longest value, in characters, each stored free-text field holds. The database columns are declared with these
/// (Infrastructure's entity configurations), and imports and forms check text against them with <see cref="TextRules.Check"/>.
/// </summary>
public static class FieldLengths
{
    /// <summary>A prefecture's, county's or township's name.</summary>
    public const int DivisionName = 64;
    public const int StationName = 128;
    public const int StationOperator = 128;
    /// <summary>The data set's name and datum (dataset.json).</summary>
    public const int DatasetText = 256;
    /// <summary>Each text value in dataset.json's <c>sources</c> list (stored as JSON, shown on screen).</summary>
    public const int DatasetSourceText = 1000;
}
