using Coverage.Infrastructure.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Coverage.Dashboard.Endpoints;

public sealed record HealthReport(string Status, string Database, string? Detail);

public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", CheckAsync).WithName("Health").WithTags("Health");
        return app;
    }

    /// <summary>200 when the database is migrated, seeded and answers now; 503 otherwise.</summary>
    private static async Task<Results<Ok<HealthReport>, JsonHttpResult<HealthReport>>> CheckAsync(
        DatabaseStatus status, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        if (status.State != DatabaseState.Ready)
            return TypedResults.Json(new HealthReport("unhealthy", status.State.ToString(), status.Detail), statusCode: StatusCodes.Status503ServiceUnavailable);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(timeout.Token);
            return TypedResults.Ok(new HealthReport("healthy", "Ready", null));
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            return TypedResults.Json(new HealthReport("unhealthy", "Unreachable", e.GetBaseException().Message), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
