using Coverage.Domain.Access;
using Coverage.Domain.Divisions;
using Coverage.Infrastructure.Accounts;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Coverage.Domain.Planning;
using Coverage.Domain.Reports;
using Coverage.Domain.Stations;
using Microsoft.EntityFrameworkCore;

namespace Coverage.Infrastructure.Data;

/// <summary>
/// The PostGIS-backed store: divisions with geometry (SRID 4326), stations, plan targets and the event log; and, in the
/// same database, the accounts (ASP.NET Core Identity), personal access tokens, display links, the audit log and the
/// data-protection keys that keep cookies valid across restarts and nodes.
/// </summary>
/// <remarks>
/// Add a migration with:
/// <c>dotnet tool restore &amp;&amp; dotnet ef migrations add &lt;Name&gt; --project Infrastructure --startup-project Infrastructure --output-dir Data/Migrations</c>
/// (the design-time factory below supplies a connection string; no database is needed to add a migration).
/// </remarks>
public sealed class CoverageDbContext(DbContextOptions<CoverageDbContext> options) : IdentityUserContext<DashboardUser>(options), IDataProtectionKeyContext
{
    public DbSet<Prefecture> Prefectures => Set<Prefecture>();
    public DbSet<County> Counties => Set<County>();
    public DbSet<Township> Townships => Set<Township>();
    public DbSet<Station> Stations => Set<Station>();
    public DbSet<StationEvent> StationEvents => Set<StationEvent>();
    public DbSet<StationReport> StationReports => Set<StationReport>();
    public DbSet<PlanTarget> PlanTargets => Set<PlanTarget>();
    public DbSet<DatasetInfo> Datasets => Set<DatasetInfo>();
    public DbSet<Indicators.IndicatorRow> Indicators => Set<Indicators.IndicatorRow>();
    public DbSet<Indicators.IndicatorValueRow> IndicatorValues => Set<Indicators.IndicatorValueRow>();
    public DbSet<Domain.Indicators.IndicatorSubmission> IndicatorSubmissions => Set<Domain.Indicators.IndicatorSubmission>();
    public DbSet<AccessToken> AccessTokens => Set<AccessToken>();
    public DbSet<DisplayLink> DisplayLinks => Set<DisplayLink>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.HasPostgresExtension("postgis");
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CoverageDbContext).Assembly);
    }
}
