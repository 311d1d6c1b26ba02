namespace Coverage.Infrastructure.Data.Sql;

/// <summary>
/// The SQL behind the map layers. PostGIS simplifies every boundary once (the result is cached in memory by
/// <see cref="Queries.MapGeometryStore"/>) and writes it as GeoJSON geometry text with rounded coordinates.
/// </summary>
/// <remarks>
/// Tolerances of 0.005–0.008° (about 500–800 m) with 3 decimals (about 100 m) keeps the whole province's township cells
/// and county outlines under 300 KB gzipped while staying well below a pixel at province zoom. Each polygon is
/// simplified on its own (<c>ST_SimplifyPreserveTopology</c> keeps it valid), so neighbours can differ by up to
/// the tolerance along shared edges; the county outlines drawn on top hide that at the zooms where it shows.
/// </remarks>
public static class MapSql
{
    public const double TownshipTolerance = 0.005;
    public const double CountyTolerance = 0.006;
    public const double PrefectureTolerance = 0.008;
    public const int Decimals = 3;

    /// <summary>Columns: code, geometry (GeoJSON text). Parameters: @tolerance, @decimals.</summary>
    public const string Townships = """
        SELECT code, ST_AsGeoJSON(ST_SimplifyPreserveTopology(boundary, @tolerance), @decimals)
        FROM townships
        WHERE boundary IS NOT NULL
        ORDER BY code
        """;

    /// <summary>Columns: code, geometry (GeoJSON text). Parameters: @tolerance, @decimals.</summary>
    public const string Counties = """
        SELECT code, ST_AsGeoJSON(ST_SimplifyPreserveTopology(boundary, @tolerance), @decimals)
        FROM counties
        WHERE boundary IS NOT NULL
        ORDER BY code
        """;

    /// <summary>Columns: code, geometry (GeoJSON text). Parameters: @tolerance, @decimals.</summary>
    public const string Prefectures = """
        SELECT code, ST_AsGeoJSON(ST_SimplifyPreserveTopology(boundary, @tolerance), @decimals)
        FROM prefectures
        WHERE boundary IS NOT NULL
        ORDER BY code
        """;
}
