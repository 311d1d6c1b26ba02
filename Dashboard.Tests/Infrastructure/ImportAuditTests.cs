using System.Security.Cryptography;
using Coverage.Infrastructure;
using Coverage.Infrastructure.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Coverage.Dashboard.Tests.Infrastructure;

/// <summary>The start-up seed of an empty database is an import like any other: audited, as <c>setup</c>, in its own transaction.</summary>
[Collection(PostgisCollection.Name)]
public sealed class ImportAuditTests
{
    [Fact]
    public async Task The_start_up_seed_of_an_empty_database_writes_one_import_audit_row_as_setup_with_every_files_hash()
    {
        var name = $"coverage_t_{Guid.NewGuid():N}";
        await PostgisServer.ExecuteAsync($"CREATE DATABASE \"{name}\"");
        try
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(TestUsers.AdminSettings)
            {
                ["ConnectionStrings:Coverage"] = PostgisServer.ConnectionStringFor(name),
                ["Seed:Path"] = PostgisServer.FixtureSeedFolder,
            });
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Services.AddInfrastructure(builder.Configuration).LoadKeyRingOnFirstUse();
            using (var host = builder.Build())
            {
                await host.StartAsync();
                await host.Services.GetRequiredService<DatabaseStatus>().Ready.WaitAsync(TimeSpan.FromSeconds(60));
                await host.StopAsync();
            }

            await using var db = new TestDatabase(name, PostgisServer.BuildServices(name));
            Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'import'"));
            var detail = await db.ScalarAsync<string>(
                $"SELECT detail FROM audit_log WHERE action = 'import' AND actor = 'setup' AND target = '{PostgisServer.FixtureSeedFolder}'");
            Assert.NotNull(detail);
            foreach (var file in Coverage.Infrastructure.Seeding.SeedDataReader.Files)
            {
                var hash = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(PostgisServer.FixtureSeedFolder, file))));
                Assert.Contains($"{file} sha256:{hash}", detail, StringComparison.Ordinal);
            }
            Assert.Contains($"imported {await db.ScalarAsync<long>("SELECT count(*) FROM prefectures")} prefectures", detail, StringComparison.Ordinal);
        }
        finally
        {
            await PostgisServer.DropDatabaseAsync(name);
        }
    }
}
