namespace Coverage.Domain.Import;

/// <summary>
/// The caps on what one import reads (configuration section <c>Import</c>, e.g. <c>Import__MaxFileBytes</c>), the same for the
/// start-up seed, the CLI and the upload page. A file over a cap is refused before it is read in full, with the cap's name
/// and value, so an operator knows what to raise.
/// </summary>
public sealed class ImportLimits
{
    public const string Section = "Import";

    /// <summary>The largest single file, in bytes (an upload's zip entries included, uncompressed).</summary>
    public long MaxFileBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>The most bytes one upload may hold in all: the files, or a zip and everything it unpacks to.</summary>
    public long MaxUploadBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>The most features in one GeoJSON file.</summary>
    public int MaxFeatures { get; set; } = 20_000;

    /// <summary>The most vertices in one feature's geometry (a division's polygon or multipolygon, holes included).</summary>
    public int MaxVerticesPerPolygon { get; set; } = 200_000;

    /// <summary>The most data rows in one CSV file.</summary>
    public int MaxRows { get; set; } = 100_000;

    /// <summary>The configuration key of a cap, as the messages name it: <c>Import:MaxFileBytes</c>.</summary>
    public static string Key(string cap) => $"{Section}:{cap}";

    /// <summary>How to raise a cap, for a message: the setting in appsettings and as an environment variable.</summary>
    public static string HowToRaise(string cap) => $"raise {Key(cap)} (environment variable {Section}__{cap}) to accept it";
}
