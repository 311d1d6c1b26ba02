using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Coverage.Infrastructure.Data;

public static class CoverageDatabase
{
    /// <summary>Applies pending migrations, then makes the data source re-read types the migration may have created (PostGIS).</summary>
    public static async Task MigrateAsync(IDbContextFactory<CoverageDbContext> dbFactory, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await db.Database.MigrateAsync(ct);
        }
        await dataSource.ReloadTypesAsync(ct);
    }
}
