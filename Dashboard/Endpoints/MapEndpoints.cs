using System.Globalization;
using Coverage.Dashboard.Security;
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
        Layer(map, "/townships", "MapTownships", (layers, s, f, caller, ct) => layers.TownshipsAsync(s, f, caller, ct),
            "Township cells (approximate) with properties code, name, countyCode, status, mode; all filters apply.");
        Layer(map, "/counties", "MapCounties", (layers, s, f, caller, ct) => layers.CountiesAsync(s, f, caller, ct),
            "County outlines with their coverage (townships, covered, coverage %), in a prefecture or all.");
        Layer(map, "/prefectures", "MapPrefectures", (layers, s, f, caller, ct) => layers.PrefecturesAsync(s, f, caller, ct),
            "Prefecture outlines with their coverage.");
        return app;
    }

    /// <summary>
    /// A layer endpoint. A layer nobody asked for yet is built at the caller's expense: past the per-user limit it answers 429,
    /// with every build slot and the queue taken 503, each with Retry-After and a problem body saying why.
    /// </summary>
    private static void Layer(RouteGroupBuilder map, string path, string name,
        Func<MapLayers, CoverageSnapshot, CoverageFilter, string, CancellationToken, Task<MapPayload>> build, string summary) =>
        map.MapGet(path, async ([AsParameters] FilterParameters q, MapLayers layers, HttpContext context, CancellationToken ct) =>
            {
                try
                {
                    return (IResult)new MapLayerResult(await build(layers, q.Snapshot, q.Filter, RequestLimits.Caller(context), ct));
                }
                catch (LayerBuildRefusedException e)
                {
                    context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(e.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                    return TypedResults.Problem(e.Message, statusCode: e.Status, title: e.Title);
                }
            })
            .WithName(name)
            .WithSummary(summary)
            .ProducesProblem(StatusCodes.Status429TooManyRequests); // 503 is the group's already
}
