using System.Reflection;
using Coverage.Dashboard.Services;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace Coverage.Dashboard.Endpoints;

/// <summary>
/// Answers with a cached GeoJSON layer: 304 when the client's ETag still matches, else the bytes in the best
/// encoding the client accepts (brotli, gzip or none), compressed once per layer rather than per request.
/// Clients revalidate every time (<c>no-cache</c>), so a changed station is never served stale.
/// </summary>
public sealed class MapLayerResult(MapPayload payload) : IResult, IEndpointMetadataProvider
{
    public const string ContentType = "application/geo+json";

    public MapPayload Payload { get; } = payload;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var request = httpContext.Request;
        var response = httpContext.Response;
        response.Headers.ETag = Payload.ETag;
        response.Headers.CacheControl = "no-cache";
        response.Headers.Vary = HeaderNames.AcceptEncoding;

        if (EntityTagHeaderValue.TryParseList(request.Headers.IfNoneMatch, out var tags)
            && tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(EntityTagHeaderValue.Parse(Payload.ETag), useStrongComparison: false)))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        var (encoding, body) = Accepts(request, "br") ? ("br", Payload.Brotli)
            : Accepts(request, "gzip") ? ("gzip", Payload.Gzip)
            : (null, Payload.Json);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        if (encoding is not null) response.Headers.ContentEncoding = encoding;
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, httpContext.RequestAborted);
    }

    private static bool Accepts(HttpRequest request, string encoding) =>
        StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptEncoding, out var values)
        && values.Any(v => v.Value.Equals(encoding, StringComparison.OrdinalIgnoreCase) && (v.Quality ?? 1) > 0);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(object), [ContentType]));
}
