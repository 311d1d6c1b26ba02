using Coverage.Dashboard.Services;
using Coverage.Infrastructure.Coverage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Coverage.Dashboard.Endpoints;

/// <summary>
/// The map's vector layers as GeoJSON FeatureCollections: simplified geometry (cached) with the snapshot's current
/// properties, ETag-validated and served compressed.
/// </summary>
public static class MapEndpoints
{
    public static IEndpointRouteBuilder MapMapEndpoints(this IEndpointRouteBuilder app)
    {
        var map = app.MapGroup("/api/map").WithTags("Map");
        map.MapGet("/townships", Townships).WithName("MapTownships")
            .WithSummary("Township cells (approximate) with properties code, name, countyCode, status, mode; all filters apply.");
        map.MapGet("/counties", Counties).WithName("MapCounties")
            .WithSummary("County outlines with their coverage (townships, covered, coverage %), in a prefecture or all.");
        map.MapGet("/prefectures", Prefectures).WithName("MapPrefectures")
            .WithSummary("Prefecture outlines with their coverage.");
        return app;
    }

    private static async Task<Results<MapLayerResult, ProblemHttpResult>> Townships(
        [AsParameters] FilterParameters parameters, CoverageSnapshotStore store, MapLayers layers, CancellationToken ct)
    {
        if (!ApiFilter.TryResolve(parameters, store, out var snapshot, out var filter, out var problem)) return problem;
        return new MapLayerResult(await layers.TownshipsAsync(snapshot, filter, ct));
    }

    private static async Task<Results<MapLayerResult, ProblemHttpResult>> Counties(
        [AsParameters] FilterParameters parameters, CoverageSnapshotStore store, MapLayers layers, CancellationToken ct)
    {
        if (!ApiFilter.TryResolve(parameters, store, out var snapshot, out var filter, out var problem)) return problem;
        return new MapLayerResult(await layers.CountiesAsync(snapshot, filter, ct));
    }

    private static async Task<Results<MapLayerResult, ProblemHttpResult>> Prefectures(
        [AsParameters] FilterParameters parameters, CoverageSnapshotStore store, MapLayers layers, CancellationToken ct)
    {
        if (!ApiFilter.TryResolve(parameters, store, out var snapshot, out var filter, out var problem)) return problem;
        return new MapLayerResult(await layers.PrefecturesAsync(snapshot, filter, ct));
    }
}
