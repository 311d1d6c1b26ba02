using Coverage.Infrastructure.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Coverage.Dashboard.Tests.Support;

/// <summary>
/// The Dashboard in Production, in memory, with no database behind it: the start-up initializer is removed and the
/// <see cref="DatabaseStatus"/> is the test's, so a test sets the state it needs. For the HTTP pipeline itself
/// (health, error handling); <paramref name="configure"/> adds the test's own services.
/// </summary>
public sealed class OfflineDashboardFactory(DatabaseStatus status, Action<IServiceCollection>? configure = null) : WebApplicationFactory<Program>
{
    // Nothing listens on the discard port, so a connection attempt is refused at once.
    private const string NoDatabase = "Host=127.0.0.1;Port=9;Database=none;Username=none;Password=none;Timeout=2";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseStaticWebAssets();
        builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Coverage"] = NoDatabase,
            ["Seed:Enabled"] = "false",
        }));
        builder.ConfigureTestServices(services =>
        {
            foreach (var initializer in services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(DatabaseInitializer)).ToList())
                services.Remove(initializer);
            services.AddSingleton(status);
            configure?.Invoke(services);
        });
    }
}
