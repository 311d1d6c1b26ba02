using Coverage.Domain.Divisions;
using Coverage.Domain.Indicators;
using Coverage.Domain.Planning;
using Coverage.Domain.Stations;
using NetTopologySuite.Geometries;

namespace Coverage.Infrastructure.Seeding;

/// <summary>The validated content of a seed or import folder. Every part is optional except where the caller requires it.</summary>
public sealed class SeedDataSet
{
    public DatasetDescription? Dataset { get; init; }
    public List<Prefecture> Prefectures { get; } = [];
    public List<County> Counties { get; } = [];
    public List<Township> Townships { get; } = [];
    public Dictionary<string, DivisionBoundary> CountyBoundaries { get; } = [];
    public Dictionary<string, DivisionBoundary> TownshipBoundaries { get; } = [];
    public List<StationRecord> Stations { get; } = [];
    public List<PlanTarget> PlanTargets { get; } = [];
    public List<Indicator> Indicators { get; } = [];
    public List<IndicatorValue> IndicatorValues { get; } = [];
}

/// <param name="Flag">For counties: the polygon is derived (dev zones); for townships: the cell is approximate.</param>
public sealed record DivisionBoundary(MultiPolygon Geometry, bool Flag);

/// <param name="SourcesJson">The <c>sources</c> array as written in dataset.json, stored as it is.</param>
public sealed record DatasetDescription(string Name, DateOnly? ReferenceDate, string Datum, string SourcesJson);

/// <summary>Divisions already in the database, so that an import may refer to them.</summary>
public sealed class KnownDivisions
{
    public HashSet<string> Prefectures { get; } = [];
    public HashSet<string> Counties { get; } = [];
    /// <summary>Township code → county code.</summary>
    public Dictionary<string, string> Townships { get; } = [];
    /// <summary>Indicators already stored, by id, which values may refer to.</summary>
    public Dictionary<string, Indicator> Indicators { get; } = [];
}
