using Coverage.Dashboard.Services;
using Coverage.Domain.Coverage;

namespace Coverage.Dashboard.Endpoints;

/// <summary>
/// The map's vector layers as GeoJSON FeatureCollections: simplified geometry (cached) with the snapshot's current
/// properties, ETag-validated and served compressed.
/// </summary>
public static class MapEndpoints
{
    public static IEndpointRouteBuilder MapMapEndpoints(this IEndpointRouteBuilder app)
    {
        var map = app.MapCoverageGroup("/api/map", "Map");
        Layer(map, "/townships", "MapTownships", (layers, s, f, ct) => layers.TownshipsAsync(s, f, ct),
            "Township cells (approximate) with properties code, name, countyCode, status, mode; all filters apply.");
        Layer(map, "/counties", "MapCounties", (layers, s, f, ct) => layers.CountiesAsync(s, f, ct),
            "County outlines with their coverage (townships, covered, coverage %), in a prefecture or all.");
        Layer(map, "/prefectures", "MapPrefectures", (layers, s, f, ct) => layers.PrefecturesAsync(s, f, ct),
            "Prefecture outlines with their coverage.");
        return app;
    }

    private static void Layer(RouteGroupBuilder map, string path, string name,
        Func<MapLayers, CoverageSnapshot, CoverageFilter, CancellationToken, Task<MapPayload>> build, string summary) =>
        map.MapGet(path, async ([AsParameters] FilterParameters q, MapLayers layers, CancellationToken ct) =>
                new MapLayerResult(await build(layers, q.Snapshot, q.Filter, ct)))
            .WithName(name)
            .WithSummary(summary);
}
