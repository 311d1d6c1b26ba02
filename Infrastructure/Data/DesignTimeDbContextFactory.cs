using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Coverage.Infrastructure.Data;

/// <summary>Lets <c>dotnet ef</c> build the model without the Dashboard host or a live database.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<CoverageDbContext>
{
    public CoverageDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<CoverageDbContext>();
        DependencyInjection.ConfigureDbContext(options, "Host=localhost;Database=coverage_design");
        return new CoverageDbContext(options.Options);
    }
}
