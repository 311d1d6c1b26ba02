using Coverage.Infrastructure.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Coverage.Dashboard.Endpoints;

/// <summary>
/// The body of <c>/healthz</c>: <c>status</c> is <c>healthy</c> or <c>unhealthy</c>, <c>database</c> says what the
/// database is doing (<c>ready</c>, <c>migrating</c>, <c>unreachable</c>, <c>failed</c>). Anyone may read it, so it
/// never carries exception text, hosts or other internals; those go to the server's log.
/// </summary>
public sealed record HealthReport(string Status, string Database);

public static partial class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", CheckAsync).WithName("Health").WithTags("Health").AllowAnonymous();
        return app;
    }

    /// <summary>200 when the database is migrated, seeded and answers now; 503 otherwise.</summary>
    private static async Task<Results<Ok<HealthReport>, JsonHttpResult<HealthReport>>> CheckAsync(
        DatabaseStatus status, NpgsqlDataSource dataSource, ILoggerFactory loggers, CancellationToken ct)
    {
        // Every state but Ready has been logged, with its reason, by the start-up initializer.
        if (status.State != DatabaseState.Ready) return Unhealthy(DatabaseId(status.State));
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(timeout.Token);
            return TypedResults.Ok(new HealthReport("healthy", DatabaseId(DatabaseState.Ready)));
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            LogNoAnswer(loggers.CreateLogger(typeof(HealthEndpoints).FullName!), e);
            return Unhealthy(DatabaseId(DatabaseState.Unreachable));
        }
    }

    private static JsonHttpResult<HealthReport> Unhealthy(string database) =>
        TypedResults.Json(new HealthReport("unhealthy", database), statusCode: StatusCodes.Status503ServiceUnavailable);

    private static string DatabaseId(DatabaseState state) => state switch
    {
        DatabaseState.Starting => "migrating",
        DatabaseState.Unreachable => "unreachable",
        DatabaseState.Ready => "ready",
        DatabaseState.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "/healthz: the database did not answer SELECT 1 within 2 s; answering 503.")]
    private static partial void LogNoAnswer(ILogger logger, Exception e);
}
