using System.Globalization;
using System.Text.Json;
using Coverage.Dashboard.Security;
using Coverage.Domain.Stations;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Coverage.Dashboard.Endpoints;

/// <summary>
/// How the API's writes read their small JSON bodies: at most a few KB (413 past it, whether the client declared the length
/// or streamed the body in chunks), <c>application/json</c> only (415), and a body that does not parse or has a member of the
/// wrong type answers 400 naming the member. One reader for every write endpoint.
/// </summary>
public static class JsonBody
{
    /// <summary>
    /// The body as <typeparamref name="T"/>, or the 400, 413 or 415 problem saying why not. <paramref name="shape"/> shows the
    /// expected object in the messages. With <paramref name="optional"/>, an empty body (or JSON <c>null</c>) is no body: (null, null).
    /// </summary>
    public static async Task<(T? Body, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest request, int maxBytes, string shape,
        CancellationToken ct, bool optional = false) where T : class
    {
        // Past the cap the body is refused unread. Up to the hard limit the server still drains what was sent after answering, so
        // the client reads the 413 on a connection that stays open; beyond it the connection is cut.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = RequestLimits.RefusedBodyDrainBytes;
        if (request.ContentLength > maxBytes) return (null, TooLarge(maxBytes));
        if (optional && (request.ContentLength == 0 || request.ContentLength is null && !request.Headers.TransferEncoding.Any()))
            return (null, null);
        if (!request.HasJsonContentType())
        {
            return (null, TypedResults.Problem(title: "Send JSON.", detail: "The body must be application/json.",
                statusCode: StatusCodes.Status415UnsupportedMediaType));
        }
        // A body sent without a Content-Length (chunked) is read up to one byte past the cap.
        var buffer = new byte[maxBytes + 1];
        var length = 0;
        try
        {
            int read;
            while (length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length), ct)) > 0) length += read;
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(maxBytes));
        }
        if (length > maxBytes) return (null, TooLarge(maxBytes));
        if (optional && length == 0) return (null, null);

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.AsMemory(0, length));
        }
        catch (JsonException)
        {
            return (null, Malformed("body", $"The body is not valid JSON; send {shape}."));
        }
        using (document)
        {
            try
            {
                var options = request.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
                var body = document.Deserialize<T>(options);
                if (body is null && !optional) return (null, Malformed("body", $"The body is null; send {shape}."));
                return (body, null);
            }
            catch (JsonException e)
            {
                // The path names the member of the wrong type ($.status → status, $.services[1] → services).
                var field = e.Path is { Length: > 2 } path ? path.TrimStart('$', '.').Split('[')[0] : "body";
                return (null, Malformed(field, $"This member has the wrong type; send {shape}."));
            }
        }
    }

    /// <summary>A required day (<c>yyyy-MM-dd</c>) in member <paramref name="field"/>; a message in <paramref name="errors"/> when it is not one.</summary>
    public static DateOnly Date(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        errors[field] = [value is null ? "Required: a date (yyyy-MM-dd)." : $"'{Shorten(value)}' is not a date (yyyy-MM-dd)."];
        return default;
    }

    /// <summary>A required id among <paramref name="allowed"/> (<see cref="DomainIds"/>) in member <paramref name="field"/>.</summary>
    public static T Id<T>(string? value, string field, IReadOnlyList<T> allowed, Dictionary<string, string[]> errors) where T : struct, Enum
    {
        if (DomainIds.TryParse(value, out T parsed) && allowed.Contains(parsed)) return parsed;
        var ids = string.Join(", ", allowed.Select(a => DomainIds.Id(a)));
        errors[field] = [value is null ? $"Required: one of {ids}." : $"'{Shorten(value)}' is not one of {ids}."];
        return default;
    }

    /// <summary>What a caller sent is quoted back, but never more than a few characters of it.</summary>
    public static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";

    public static ProblemHttpResult Malformed(string field, string message) =>
        ApiFilter.Invalid(new Dictionary<string, string[]> { [field] = [message] });

    private static ProblemHttpResult TooLarge(int maxBytes) =>
        TypedResults.Problem(title: "The body is too large.", detail: $"At most {maxBytes} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge);
}
