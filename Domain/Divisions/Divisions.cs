using NetTopologySuite.Geometries;

namespace Coverage.Domain.Divisions;

public enum CountyKind
{
    District,
    County,
    City,
    /// <summary>A development zone (经济开发区) that administers townships but has no official boundary.</summary>
    DevZone,
}

public enum TownshipKind
{
    Subdistrict,
    Town,
    Township,
    /// <summary>Farms, nature reserves, forestry bureaus and similar units listed among townships.</summary>
    Special,
}

public sealed class Prefecture
{
    private Prefecture() { }

    public Prefecture(PrefectureCode code, string name, MultiPolygon? boundary = null)
    {
        Code = code.Value;
        Name = RequireName(name);
        Boundary = boundary;
    }

    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    /// <summary>Dissolved from the prefecture's counties.</summary>
    public MultiPolygon? Boundary { get; private set; }

    public void Rename(string name) => Name = RequireName(name);

    public void ReplaceBoundary(MultiPolygon? boundary) => Boundary = boundary;

    internal static string RequireName(string name) =>
        string.IsNullOrWhiteSpace(name) ? throw new ArgumentException("A division needs a name.", nameof(name)) : name.Trim();
}

public sealed class County
{
    private County() { }

    public County(CountyCode code, string name, CountyKind kind, MultiPolygon? boundary, bool boundaryDerived = false)
    {
        Code = code.Value;
        PrefectureCode = code.Prefecture.Value;
        Name = Prefecture.RequireName(name);
        Kind = kind;
        Boundary = boundary;
        BoundaryDerived = boundaryDerived;
    }

    public string Code { get; private set; } = "";
    public string PrefectureCode { get; private set; } = "";
    public string Name { get; private set; } = "";
    public CountyKind Kind { get; private set; }
    public MultiPolygon? Boundary { get; private set; }
    /// <summary>True where the boundary was built rather than taken from a source (development zones).</summary>
    public bool BoundaryDerived { get; private set; }

    public void Describe(string name, CountyKind kind)
    {
        Name = Prefecture.RequireName(name);
        Kind = kind;
    }

    public void ReplaceBoundary(MultiPolygon boundary, bool derived)
    {
        Boundary = boundary;
        BoundaryDerived = derived;
    }
}

public sealed class Township
{
    private Township() { }

    public Township(TownshipCode code, string name, CountyCode county, TownshipKind kind, MultiPolygon? boundary, bool approximate)
    {
        Code = code.Value;
        CountyCode = county.Value;
        Name = Prefecture.RequireName(name);
        Kind = kind;
        Boundary = boundary;
        Approximate = approximate;
    }

    public string Code { get; private set; } = "";
    public string CountyCode { get; private set; } = "";
    public string Name { get; private set; } = "";
    public TownshipKind Kind { get; private set; }
    public MultiPolygon? Boundary { get; private set; }
    /// <summary>True where the boundary is a derived approximation, not an official boundary.</summary>
    public bool Approximate { get; private set; }

    /// <summary>Whether the township counts in the coverage denominator (see <see cref="Coverage.CoverageRules"/>).</summary>
    public bool CountsInCoverage => Coverage.CoverageRules.CountsInCoverage(Kind);

    public void Describe(string name, TownshipKind kind)
    {
        Name = Prefecture.RequireName(name);
        Kind = kind;
    }

    public void ReplaceBoundary(MultiPolygon boundary, bool approximate)
    {
        Boundary = boundary;
        Approximate = approximate;
    }
}
