using Microsoft.AspNetCore.StaticAssets;

namespace Coverage.Dashboard.Hosting;

/// <summary>
/// The cache rule of fingerprinted static files. MapStaticAssets already answers a fingerprinted URL (its content hash in the
/// name) with <c>max-age=31536000, immutable</c> from the build's endpoint manifest; this marks it <c>public</c> as well, so a
/// shared cache (the reverse proxy, a corporate proxy) may keep it too, whatever credentials the request carried. The
/// un-fingerprinted names keep the manifest's <c>no-cache</c> (revalidated by ETag), and pages are untouched.
/// </summary>
public static class StaticAssetCaching
{
    public static StaticAssetsEndpointConventionBuilder WithPublicImmutableCaching(this StaticAssetsEndpointConventionBuilder builder)
    {
        builder.Add(endpoint =>
        {
            if (endpoint.RequestDelegate is not { } next) return;
            endpoint.RequestDelegate = context =>
            {
                context.Response.OnStarting(MarkPublic, context.Response);
                return next(context);
            };
        });
        return builder;
    }

    private static Task MarkPublic(object state)
    {
        var headers = ((HttpResponse)state).Headers;
        if (headers.CacheControl is [{ } value] && value.Contains("immutable", StringComparison.Ordinal) && !value.StartsWith("public", StringComparison.Ordinal))
        {
            headers.CacheControl = "public, " + value;
        }
        return Task.CompletedTask;
    }
}
