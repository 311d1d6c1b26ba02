using NetTopologySuite;
using NetTopologySuite.Geometries;

namespace Coverage.Infrastructure.Data;

/// <summary>The one geometry factory: WGS84-style lon/lat, SRID 4326.</summary>
public static class Geo
{
    public const int Srid = 4326;

    public static readonly GeometryFactory Factory =
        NtsGeometryServices.Instance.CreateGeometryFactory(new PrecisionModel(PrecisionModels.Floating), Srid);

    /// <summary>Sichuan's extent with a margin (lon 97–109°E, lat 25.5–35°N); anything outside is not a Sichuan geometry.</summary>
    public static readonly Envelope SichuanBounds = new(97.0, 109.0, 25.5, 35.0);
}
