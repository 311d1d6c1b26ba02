using System.Text.Json.Serialization;
using Coverage.Dashboard.Hosting;
using Coverage.Domain.Coverage;
using Coverage.Infrastructure.Coverage;
using Coverage.Infrastructure.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Coverage.Dashboard.Endpoints;

/// <summary>
/// The body of <c>/healthz</c> and <c>/healthz/ready</c>: <c>status</c> is <c>healthy</c> or <c>unhealthy</c>, <c>database</c>
/// says what the database is doing (<c>ready</c>, <c>migrating</c>, <c>unreachable</c>, <c>failed</c>) and, when the database
/// is ready but this node is not, <c>node</c> says why: <c>loading</c> (its snapshot or change feed is not there yet) or
/// <c>draining</c> (it is shutting down and moving its screens to other nodes). Anyone may read it, so it never carries
/// exception text, hosts or other internals; those go to the server's log.
/// </summary>
public sealed record HealthReport(
    string Status,
    string Database,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Node = null);

/// <summary>The body of <c>/healthz/live</c>: the process is up and answering.</summary>
public sealed record LivenessReport(string Status);

public static partial class HealthEndpoints
{
    public const string Path = "/healthz";
    public const string ReadyPath = "/healthz/ready";
    public const string LivePath = "/healthz/live";

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        // /healthz is the combined answer it always was; it is the readiness answer, so it is never healthy while an API
        // or a page of this node would answer 503.
        app.MapGet(Path, CheckAsync).WithName("Health").WithTags("Health").AllowAnonymous();
        app.MapGet(ReadyPath, CheckAsync).WithName("Ready").WithTags("Health").AllowAnonymous();
        app.MapGet(LivePath, () => TypedResults.Ok(new LivenessReport("live"))).WithName("Live").WithTags("Health").AllowAnonymous();
        return app;
    }

    /// <summary>
    /// 200 when this node can serve every page and API: the database is migrated, seeded and answers now, the coverage snapshot
    /// is loaded, the change feed is listening and caught up, and the node is not draining; 503 otherwise.
    /// </summary>
    private static async Task<Results<Ok<HealthReport>, JsonHttpResult<HealthReport>>> CheckAsync(
        DatabaseStatus status, NpgsqlDataSource dataSource, ICoverageFeed feed, ChangeFeedStatus changes, NodeDrain drain,
        ILoggerFactory loggers, CancellationToken ct)
    {
        // Every state but Ready has been logged, with its reason, by the start-up initializer.
        if (status.State != DatabaseState.Ready) return Unhealthy(DatabaseId(status.State));
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(timeout.Token);
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            LogNoAnswer(loggers.CreateLogger(typeof(HealthEndpoints).FullName!), e);
            return Unhealthy(DatabaseId(DatabaseState.Unreachable));
        }
        var ready = DatabaseId(DatabaseState.Ready);
        if (drain.IsDraining) return Unhealthy(ready, "draining");
        if (!feed.IsLoaded || !changes.Connected || !changes.CaughtUp) return Unhealthy(ready, "loading");
        return TypedResults.Ok(new HealthReport("healthy", ready));
    }

    private static JsonHttpResult<HealthReport> Unhealthy(string database, string? node = null) =>
        TypedResults.Json(new HealthReport("unhealthy", database, node), statusCode: StatusCodes.Status503ServiceUnavailable);

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
