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
    /// <summary>
    /// Run from a build's output (<c>dotnet run</c>, scripts/run.sh, the tests) rather than a published folder, MapStaticAssets
    /// would otherwise switch on its hot-reload handling: every file <c>no-cache</c>, re-read from disk with a fresh ETag, the
    /// compressed copies bypassed. Outside Development the build's manifest is served as it is, as a published folder is
    /// (fingerprinted files immutable, precompressed gzip copies, 304 to each copy's ETag). <c>ReloadStaticAssetsAtRuntime=true</c>
    /// still turns hot reload on.
    /// </summary>
    public static WebApplicationBuilder ServeStaticAssetsAsBuilt(this WebApplicationBuilder builder)
    {
        const string key = "ReloadStaticAssetsAtRuntime";
        if (!builder.Environment.IsDevelopment() && builder.Configuration[key] is null)
        {
            builder.Configuration.AddInMemoryCollection([new(key, "false")]);
        }
        return builder;
    }

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
