using Coverage.Dashboard.Services;

namespace Coverage.Dashboard.Endpoints;

/// <summary>
/// <c>GET /theme/{variant}.{hash}.css</c>: MudBlazor's theme as one cached style sheet (see <see cref="ThemeStyleSheets"/>).
/// Served as the build's static files are: anonymous (the sign-in page needs it; it carries no data), fingerprinted and so
/// <c>public, immutable</c>, precompressed (brotli, else gzip) with an ETag per copy that answers 304.
/// </summary>
public static class ThemeEndpoints
{
    public static IEndpointRouteBuilder MapThemeEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(ThemeStyleSheets.PathPrefix + "{file}", ServeAsync).WithName("ThemeStyleSheet").ExcludeFromDescription().AllowAnonymous();
        return app;
    }

    private static async Task ServeAsync(string file, ThemeStyleSheets sheets, HttpContext context)
    {
        var response = context.Response;
        if (await sheets.FindAsync(file) is not { } sheet)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var accepted = context.Request.Headers.AcceptEncoding.ToString();
        var (body, encoding) = Accepts(accepted, "br") ? (sheet.Brotli, "br")
            : Accepts(accepted, "gzip") ? (sheet.Gzip, "gzip")
            : (sheet.Css, null);
        var etag = encoding is null ? $"\"{sheet.Hash}\"" : $"\"{sheet.Hash}-{encoding}\"";
        var headers = response.Headers;
        headers.CacheControl = "public, max-age=31536000, immutable";
        headers.Vary = "Accept-Encoding";
        headers.ETag = etag;
        if (context.Request.Headers.IfNoneMatch.Contains(etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        response.ContentType = "text/css; charset=utf-8";
        if (encoding is not null) headers.ContentEncoding = encoding;
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, context.RequestAborted);
    }

    private static bool Accepts(string acceptEncoding, string coding) =>
        acceptEncoding.Split(',').Select(part => part.Split(';')[0].Trim())
            .Any(name => name.Equals(coding, StringComparison.OrdinalIgnoreCase)) && !acceptEncoding.Contains(coding + ";q=0", StringComparison.OrdinalIgnoreCase);
}
