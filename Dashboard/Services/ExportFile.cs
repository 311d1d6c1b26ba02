using Microsoft.Net.Http.Headers;

namespace Coverage.Dashboard.Services;

/// <summary>
/// An exported table as a download: <c>Content-Disposition: attachment</c> with the Chinese file name as RFC 5987
/// <c>filename*=UTF-8''…</c> and an ASCII <c>filename</c> for clients that do not read it.
/// </summary>
public sealed class ExportFile(byte[] content, string contentType, string fileName, string asciiFileName) : IResult
{
    public byte[] Content => content;
    public string ContentType => contentType;
    public string FileName => fileName;
    public string AsciiFileName => asciiFileName;

    /// <summary>The header value, e.g. <c>attachment; filename=gaps-5134-2026-10-31.xlsx; filename*=UTF-8''%E6%9C%AA…</c>.</summary>
    public string ContentDisposition => new ContentDispositionHeaderValue("attachment")
    {
        FileName = HeaderUtilities.EscapeAsQuotedString(asciiFileName).ToString(),
        FileNameStar = fileName,
    }.ToString();

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.ContentType = contentType;
        response.ContentLength = content.Length;
        response.Headers.ContentDisposition = ContentDisposition;
        response.Headers.CacheControl = "no-store";
        await response.Body.WriteAsync(content, httpContext.RequestAborted);
    }
}
