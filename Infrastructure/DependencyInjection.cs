using Coverage.Domain.Access;
using Coverage.Domain.Coverage;
using Coverage.Domain.Import;
using Coverage.Domain.Indicators;
using Coverage.Domain.Reports;
using Coverage.Domain.Stations;
using Coverage.Infrastructure.Accounts;
using Coverage.Infrastructure.Coverage;
using Coverage.Infrastructure.Data;
using Coverage.Infrastructure.Demo;
using Coverage.Infrastructure.Indicators;
using Coverage.Infrastructure.Queries;
using Coverage.Infrastructure.Reports;
using Coverage.Infrastructure.Seeding;
using Coverage.Infrastructure.Stations;
using Coverage.Infrastructure.Telemetry;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Coverage.Infrastructure;

/// <summary>Options for where the seed data lives and whether an empty database is seeded at start.</summary>
public sealed class SeedOptions
{
    public const string Section = "Seed";

    /// <summary>The seed-data folder; relative paths are resolved against the app's base directory.</summary>
    public string Path { get; set; } = "seed-data";

    public bool Enabled { get; set; } = true;

    public string ResolvePath() => System.IO.Path.IsPathRooted(Path) ? Path : System.IO.Path.Combine(AppContext.BaseDirectory, Path);
}

public static class DependencyInjection
{
    public const string ConnectionStringName = "Coverage";

    /// <summary>Registers the PostGIS store, the importer and the start-up migration/seed service.</summary>
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.Configure<SeedOptions>(configuration.GetSection(SeedOptions.Section));
        // Resolved when first needed, not now: hosts (and test factories) may still add configuration after this call.
        services.AddSingleton(sp => BuildDataSource(ConnectionString(sp)));
        services.AddDbContextFactory<CoverageDbContext>((sp, options) => ConfigureDbContext(options, sp.GetRequiredService<NpgsqlDataSource>()));
        services.Configure<ImportLimits>(configuration.GetSection(ImportLimits.Section));
        services.AddSingleton<DataImporter>();
        services.AddSingleton<IImports, Imports>();
        services.AddSingleton<DatabaseStatus>();
        services.AddSingleton<MapGeometryQuery>();
        services.AddSingleton<MapGeometryStore>();
        services.AddHostedService<DatabaseInitializer>();
        services.AddSingleton<CoverageSnapshotStore>();
        services.AddSingleton<CoverageNotifier>();
        services.AddSingleton<ICoverageFeed, CoverageFeed>();
        services.AddSingleton<IStationEventLog, StationEventLog>();
        services.AddSingleton<IIndicators, IndicatorStore>();
        services.AddSingleton<IIndicatorSubmissions, IndicatorSubmissions>();
        services.AddSingleton<IndicatorNotices>();
        services.AddSingleton<IIndicatorNotices>(sp => sp.GetRequiredService<IndicatorNotices>());
        services.AddMetrics();
        services.AddSingleton<FeedMetrics>();
        services.AddSingleton<ChangeFeedStatus>();
        services.AddSingleton(sp => new ChangeFeedConnectionFactory(ConnectionString(sp)));
        services.AddSingleton<ChangeFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<ChangeFeed>());
        services.AddAccounts(configuration);
        services.AddSingleton<IStationChanges, StationChanges>();
        services.AddSingleton<IStationReports, StationReports>();
        services.AddSingleton<ReportNotices>();
        services.AddSingleton<IReportNotices>(sp => sp.GetRequiredService<ReportNotices>());
        services.Configure<DemoFeedOptions>(configuration.GetSection(DemoFeedOptions.Section));
        services.AddSingleton<DemoFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<DemoFeed>());
        return services;
    }

    /// <summary>
    /// ASP.NET Core Identity on the same database (users, the password policy), personal access tokens, display links, the audit
    /// log, and the data-protection keys in PostgreSQL so that restarts and several nodes keep cookies valid.
    /// </summary>
    private static void AddAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AdminOptions>(configuration.GetSection(AdminOptions.Section));
        services.AddIdentityCore<DashboardUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = AccountLimits.MinPassword;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = true;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 5;
                // Lockout is counted over a 5-minute window by SignInGuard, not by Identity's consecutive counter.
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = int.MaxValue;
            })
            .AddEntityFrameworkStores<CoverageDbContext>()
            .AddDefaultTokenProviders();
        services.AddDataProtection().SetApplicationName("coverage-dashboard").PersistKeysToDbContext<CoverageDbContext>();
        services.AddSingleton<AccountChanges>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<IAuditLog>(sp => sp.GetRequiredService<AuditLog>());
        services.AddSingleton<AccessTokens>();
        services.AddSingleton<IAccessTokens>(sp => sp.GetRequiredService<AccessTokens>());
        services.AddSingleton<DisplayLinks>();
        services.AddSingleton<IDisplayLinks>(sp => sp.GetRequiredService<DisplayLinks>());
        services.AddScoped<UserAccounts>();
        services.AddScoped<IUserAccounts>(sp => sp.GetRequiredService<UserAccounts>());
        services.AddSingleton<AccountSetup>();
    }

    /// <summary>
    /// The data-protection key ring lives in PostgreSQL, which may not be migrated (or reachable) when the host starts; so it
    /// is read on first use rather than by the framework's start-up warm-up. Call after everything that adds data protection.
    /// </summary>
    public static IServiceCollection LoadKeyRingOnFirstUse(this IServiceCollection services)
    {
        foreach (var warmUp in services.Where(d => d.ServiceType == typeof(Microsoft.Extensions.Hosting.IHostedService)
                     && d.ImplementationType?.Name == "DataProtectionHostedService").ToList())
            services.Remove(warmUp);
        return services;
    }

    /// <summary>Why the app cannot start, in words for the operator, or null when a database is configured.</summary>
    public static string? MissingDatabase(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration.GetConnectionString(ConnectionStringName)) ? null :
            $"No database configured: ConnectionStrings:{ConnectionStringName} is not set. Start the dashboard with 'bash scripts/run.sh', " +
            $"which provisions a local PostgreSQL + PostGIS and sets it, or set the environment variable ConnectionStrings__{ConnectionStringName} " +
            "to a PostgreSQL 15 + PostGIS 3 connection string.";

    private static string ConnectionString(IServiceProvider services)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        return MissingDatabase(configuration) is { } missing
            ? throw new InvalidOperationException(missing)
            : configuration.GetConnectionString(ConnectionStringName)!;
    }

    public static NpgsqlDataSource BuildDataSource(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        // A connection string read back from this data source, or from a connection opened by it, keeps its password:
        // Npgsql strips it unless Persist Security Info is on. (The change feed's data source is built here too, from the
        // configured string, with its own pool and keepalive settings: ChangeFeedConnectionFactory.)
        builder.ConnectionStringBuilder.PersistSecurityInfo = true;
        builder.UseNetTopologySuite();
        return builder.Build();
    }

    internal static void ConfigureDbContext(DbContextOptionsBuilder options, NpgsqlDataSource dataSource) =>
        options.UseNpgsql(dataSource, o => o.UseNetTopologySuite()).UseSnakeCaseNamingConvention();

    internal static void ConfigureDbContext(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, o => o.UseNetTopologySuite()).UseSnakeCaseNamingConvention();
}
