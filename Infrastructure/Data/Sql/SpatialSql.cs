namespace Coverage.Infrastructure.Data.Sql;

/// <summary>Raw SQL for the spatial work EF cannot express, in one place.</summary>
public static class SpatialSql
{
    /// <summary>Prefecture outlines dissolved from their counties (development zones overlap their hosts, so skip them).</summary>
    public const string DissolvePrefectures = """
        UPDATE prefectures p
        SET boundary = d.boundary
        FROM (
            SELECT c.prefecture_code, ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Union(c.boundary)), 3)) AS boundary
            FROM counties c
            WHERE c.boundary IS NOT NULL AND c.kind <> 'devZone'
            GROUP BY c.prefecture_code
        ) d
        WHERE d.prefecture_code = p.code;
        """;
}
