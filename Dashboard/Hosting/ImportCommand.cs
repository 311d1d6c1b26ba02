using Coverage.Infrastructure;
using Coverage.Infrastructure.Data;
using Coverage.Infrastructure.Seeding;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Coverage.Dashboard.Hosting;

/// <summary>
/// <c>dotnet Coverage.Dashboard.dll import &lt;folder&gt;</c>: imports files in the seed-data formats into the configured
/// database through the same path as the first seed — validated first, applied in one transaction, every
/// rejected row reported. Exit code 0 on success, 2 when the files were rejected (nothing written), 1 on other errors.
/// </summary>
public static class ImportCommand
{
    public const string Verb = "import";

    public static async Task<int> RunAsync(string[] args, TextWriter output, IDictionary<string, string?>? settings = null)
    {
        if (args.Length != 1 || args[0] is "-h" or "--help")
        {
            await output.WriteLineAsync("usage: Coverage.Dashboard import <folder>   (files in the seed-data formats; see seed-data/README.md)");
            return args.Length == 1 ? 0 : 1;
        }

        var builder = Host.CreateApplicationBuilder();
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        if (DependencyInjection.MissingDatabase(builder.Configuration) is { } missing)
        {
            await output.WriteLineAsync(missing);
            return 1;
        }
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddInfrastructure(builder.Configuration);
        using var host = builder.Build();
        var services = host.Services;

        try
        {
            await CoverageDatabase.MigrateAsync(services.GetRequiredService<IDbContextFactory<CoverageDbContext>>(),
                services.GetRequiredService<NpgsqlDataSource>(), CancellationToken.None);
            var result = await services.GetRequiredService<DataImporter>().ImportAsync(Path.GetFullPath(args[0]), CancellationToken.None);
            await output.WriteLineAsync($"Imported {result}.");
            return 0;
        }
        catch (SeedDataException e)
        {
            await output.WriteLineAsync(e.Message);
            return 2;
        }
        catch (NpgsqlException e)
        {
            await output.WriteLineAsync($"The database is not reachable: {e.GetBaseException().Message}. Set ConnectionStrings__Coverage.");
            return 1;
        }
    }
}
