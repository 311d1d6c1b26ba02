namespace Coverage.Dashboard.Components.Shared.Map;

/// <summary>What the map shows: the province (both null), a prefecture, or a county in it.</summary>
public readonly record struct MapScope(string? Prefecture, string? County)
{
    public static readonly MapScope Province = new(null, null);

    public bool IsProvince => Prefecture is null && County is null;

    /// <summary>The scope one level down from here that contains <paramref name="countyCode"/>.</summary>
    public MapScope DrillTowards(string countyCode) =>
        IsProvince ? new MapScope(countyCode[..4], null) : new MapScope(countyCode[..4], countyCode);
}

/// <summary>How township cells are coloured.</summary>
public enum MapColouring
{
    Status,
    Mode,
}
