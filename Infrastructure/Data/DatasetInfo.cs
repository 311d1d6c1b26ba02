namespace Coverage.Infrastructure.Data;

/// <summary>Provenance of the data a database was loaded from (<c>seed-data/dataset.json</c>), shown on screen.</summary>
public sealed class DatasetInfo
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public DateOnly? ReferenceDate { get; set; }
    public string Datum { get; set; } = "";
    /// <summary>The sources list as JSON, each with name, version, licence, what and kind (real / approximate / synthetic).</summary>
    public string SourcesJson { get; set; } = "[]";
    public DateTimeOffset LoadedAt { get; set; }
}
