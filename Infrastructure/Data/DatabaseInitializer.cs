using Coverage.Infrastructure.Accounts;
using Coverage.Infrastructure.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Coverage.Infrastructure.Data;

/// <summary>
/// Brings the database up to date in the background so the app starts even when PostgreSQL is down: it
/// retries with backoff (logging one clear line per outage), applies migrations, and seeds an empty database.
/// Bad seed data is not retried: it stops the app with the file, row and reason.
/// </summary>
internal sealed partial class DatabaseInitializer(
    IDbContextFactory<CoverageDbContext> dbFactory,
    NpgsqlDataSource dataSource,
    DataImporter importer,
    AccountSetup accounts,
    DatabaseStatus status,
    IOptions<SeedOptions> seedOptions,
    IHostApplicationLifetime lifetime,
    TimeProvider clock,
    ILogger<DatabaseInitializer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(500);
        var reported = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await InitializeOnceAsync(stoppingToken);
                status.Set(DatabaseState.Ready);
                if (reported) LogRecovered(logger);
                return;
            }
            catch (SeedDataException e)
            {
                status.Set(DatabaseState.Failed, e.Message);
                LogBadSeed(logger, e.Message);
                Environment.ExitCode = 1;
                lifetime.StopApplication();
                return;
            }
            catch (Exception e) when (IsUnreachable(e) && !stoppingToken.IsCancellationRequested)
            {
                status.Set(DatabaseState.Unreachable, e.Message);
                if (!reported)
                {
                    var csb = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
                    LogUnreachable(logger, csb.Host ?? "?", csb.Port, csb.Database ?? "?", e.GetBaseException().Message);
                    reported = true;
                }
                await Task.Delay(delay, clock, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
            }
        }
    }

    /// <summary>Advisory lock key held while a node migrates and seeds (the importer's writes use <c>5101</c>).</summary>
    private const long InitializeLock = 5100;

    /// <summary>
    /// Migrates, seeds an empty database and makes the first admin — one node at a time: several nodes started together on a
    /// new database (or a rolling deploy with a new migration) wait for each other on a session advisory lock, and the ones
    /// after the first find nothing left to do.
    /// </summary>
    private async Task InitializeOnceAsync(CancellationToken ct)
    {
        await using var gate = await dataSource.OpenConnectionAsync(ct);
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({InitializeLock})", gate)) await take.ExecuteNonQueryAsync(ct);
        try
        {
            await CoverageDatabase.MigrateAsync(dbFactory, dataSource, ct);
            await SeedIfEmptyAsync(ct);
            await accounts.EnsureAsync(ct);
        }
        finally
        {
            await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({InitializeLock})", gate);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private async Task SeedIfEmptyAsync(CancellationToken ct)
    {
        var options = seedOptions.Value;
        if (!options.Enabled || !await importer.IsEmptyAsync(ct)) return;
        var folder = options.ResolvePath();
        LogSeeding(logger, folder);
        var result = await importer.ImportAsync(folder, DataImporter.SetupActor, ct);
        LogSeeded(logger, result.ToString());
    }

    private static bool IsUnreachable(Exception e) =>
        e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException
        || e.InnerException is not null && IsUnreachable(e.InnerException)
        || e is InvalidOperationException { InnerException: null } && e.Message.Contains("transient", StringComparison.OrdinalIgnoreCase);

    [LoggerMessage(Level = LogLevel.Error, Message = "PostgreSQL at {Host}:{Port} (database {Database}) is unreachable: {Reason}. " +
        "Start it, or point ConnectionStrings__Coverage at a reachable PostgreSQL 15 + PostGIS 3. The dashboard keeps retrying and /healthz answers 503 until then.")]
    private static partial void LogUnreachable(ILogger logger, string host, int port, string database, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL is reachable again; the database is migrated and ready.")]
    private static partial void LogRecovered(ILogger logger);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The seed data is invalid; stopping. {Problems}")]
    private static partial void LogBadSeed(ILogger logger, string problems);

    [LoggerMessage(Level = LogLevel.Information, Message = "The database is empty; seeding it from {Folder}.")]
    private static partial void LogSeeding(ILogger logger, string folder);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded: {Result}.")]
    private static partial void LogSeeded(ILogger logger, string result);
}
