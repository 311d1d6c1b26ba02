using System.Diagnostics;
using Coverage.Domain.Import;
using Coverage.Infrastructure.Data;
using Coverage.Infrastructure.Seeding;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Coverage.Dashboard.Tests.Support;

/// <summary>The real province seed (seed-data/, as shipped with the app) loaded into its own database once per test run.</summary>
public sealed class ProvinceFixture : IAsyncLifetime
{
    public static string SeedFolder => Path.Combine(AppContext.BaseDirectory, "seed-data");

    public TestDatabase Database { get; private set; } = null!;
    public ImportResult Result { get; private set; } = null!;
    public TimeSpan ImportTime { get; private set; }

    public async Task InitializeAsync()
    {
        var name = $"coverage_province_{Guid.NewGuid():N}";
        await PostgisServer.ExecuteAsync($"CREATE DATABASE \"{name}\"");
        Database = new TestDatabase(name, PostgisServer.BuildServices(name));
        await CoverageDatabase.MigrateAsync(Database.Services.GetRequiredService<IDbContextFactory<CoverageDbContext>>(),
            Database.Services.GetRequiredService<NpgsqlDataSource>(), CancellationToken.None);
        var clock = Stopwatch.StartNew();
        Result = await Database.Services.GetRequiredService<DataImporter>().ImportAsync(SeedFolder, "tests", CancellationToken.None);
        ImportTime = clock.Elapsed;
    }

    public async Task DisposeAsync() => await Database.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ProvinceCollection : ICollectionFixture<ProvinceFixture>
{
    public const string Name = "Province";
}
