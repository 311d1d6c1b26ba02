using Coverage.Infrastructure;
using Coverage.Infrastructure.Data;
using Coverage.Infrastructure.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Coverage.Dashboard.Tests.Support;

/// <summary>
/// The PostgreSQL + PostGIS server the tests run against (provisioned by scripts/test.sh). Its absence is a setup
/// failure with instructions, never a skipped test.
/// </summary>
public static class PostgisServer
{
    public static string AdminConnectionString => LocalSettings.TestAdminConnectionString;

    public static string FixtureSeedFolder => Path.Combine(AppContext.BaseDirectory, "Fixtures", "seed-data");

    public static string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database, Pooling = true }.ConnectionString;

    public static async Task ExecuteAsync(string sql, string database = "postgres")
    {
        await using var connection = new NpgsqlConnection(ConnectionStringFor(database));
        try
        {
            await connection.OpenAsync();
        }
        catch (NpgsqlException e)
        {
            throw new InvalidOperationException(
                $"The test PostgreSQL/PostGIS server is not reachable ({e.GetBaseException().Message}). " +
                "Run the tests with 'bash scripts/test.sh', which provisions it from scripts/local.env, or set COVERAGE_TEST_DB to an " +
                "admin connection string for a PostgreSQL 15 server with PostGIS 3 installed.", e);
        }
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task DropDatabaseAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    /// <summary>A service provider wired like the app's, pointing at <paramref name="database"/>.</summary>
    public static ServiceProvider BuildServices(string database, Action<IServiceCollection>? configure = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{DependencyInjection.ConnectionStringName}"] = ConnectionStringFor(database),
            ["Seed:Path"] = FixtureSeedFolder,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddInfrastructure(configuration);
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }
}

/// <summary>
/// One migrated and seeded template database per test run; each test class that changes data gets its own copy
/// (<c>CREATE DATABASE … TEMPLATE</c>, a file copy that takes a fraction of a second).
/// </summary>
public sealed class PostgisFixture : IAsyncLifetime
{
    public string TemplateName { get; } = $"coverage_tpl_{DateTime.UtcNow:yyyyMMddHHmmss}_{Guid.NewGuid():N}"[..40];

    public async Task InitializeAsync()
    {
        await PostgisServer.ExecuteAsync($"CREATE DATABASE \"{TemplateName}\"");
        await using (var services = PostgisServer.BuildServices(TemplateName))
        {
            await CoverageDatabase.MigrateAsync(services.GetRequiredService<IDbContextFactory<CoverageDbContext>>(),
                services.GetRequiredService<NpgsqlDataSource>(), CancellationToken.None);
            await services.GetRequiredService<DataImporter>().ImportAsync(PostgisServer.FixtureSeedFolder, "tests", CancellationToken.None);
        }
        NpgsqlConnection.ClearAllPools();
    }

    public async Task<TestDatabase> CreateDatabaseAsync(Action<IServiceCollection>? configure = null)
    {
        var name = $"coverage_t_{Guid.NewGuid():N}";
        await PostgisServer.ExecuteAsync($"CREATE DATABASE \"{name}\" TEMPLATE \"{TemplateName}\"");
        return new TestDatabase(name, PostgisServer.BuildServices(name, configure));
    }

    public Task DisposeAsync() => PostgisServer.DropDatabaseAsync(TemplateName);
}

public sealed class TestDatabase(string name, ServiceProvider services) : IAsyncDisposable
{
    public string Name { get; } = name;
    public ServiceProvider Services { get; } = services;
    public string ConnectionString => PostgisServer.ConnectionStringFor(Name);

    public CoverageDbContext CreateDbContext() => Services.GetRequiredService<IDbContextFactory<CoverageDbContext>>().CreateDbContext();

    // Test-side SQL uses its own unpooled connections, so a PostgreSQL restart in one test cannot leave it a dead one.
    private string UnpooledConnectionString => new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString;

    public async Task<T?> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(UnpooledConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull or null ? default : (T)Convert.ChangeType(value, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(UnpooledConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await PostgisServer.DropDatabaseAsync(Name);
    }
}

[CollectionDefinition(Name)]
public sealed class PostgisCollection : ICollectionFixture<PostgisFixture>
{
    public const string Name = "PostGIS";
}
