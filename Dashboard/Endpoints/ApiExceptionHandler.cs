using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;

namespace Coverage.Dashboard.Endpoints;

/// <summary>
/// An unhandled exception in a request under <c>/api</c> answers 500 <c>application/problem+json</c> (with a
/// <c>traceId</c>) instead of the HTML error page; every other request falls through to the page at <c>/error</c>.
/// </summary>
public sealed class ApiExceptionHandler : IExceptionHandler
{
    public const string ApiPrefix = "/api";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // By now the middleware has rewritten Request.Path to the error page's; the feature keeps the original.
        var path = httpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? httpContext.Request.Path.Value;
        if (!new PathString(path).StartsWithSegments(ApiPrefix)) return false;
        // Whatever the Accept header says: an API client wants JSON, and the trace id finds the exception in the log.
        var traceId = Activity.Current?.Id ?? httpContext.TraceIdentifier;
        await TypedResults.Problem(statusCode: StatusCodes.Status500InternalServerError, extensions: new Dictionary<string, object?> { ["traceId"] = traceId })
            .ExecuteAsync(httpContext);
        return true;
    }
}
