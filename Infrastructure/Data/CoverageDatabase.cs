using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace Coverage.Infrastructure.Data;

public static class CoverageDatabase
{
    /// <summary>Applies pending migrations, then makes the data source re-read types the migration may have created (PostGIS).</summary>
    public static async Task MigrateAsync(IDbContextFactory<CoverageDbContext> dbFactory, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            // Create the history table first: otherwise EF's first look at a fresh database fails the query on it and
            // logs an alarming (harmless) error on every first start.
            await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(ct);
            await db.Database.MigrateAsync(ct);
        }
        await dataSource.ReloadTypesAsync(ct);
    }
}
