using Coverage.Infrastructure.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace Coverage.Dashboard.Tests.Support;

/// <summary>The real Dashboard on Kestrel (a free port) over its own copy of the seeded database, and a headless Chromium.</summary>
public sealed class DashboardApp : IAsyncDisposable
{
    private readonly Dictionary<string, string?> _configuration;
    private Factory _factory;
    private IPlaywright? _playwright;

    private DashboardApp(TestDatabase database, Factory factory, Dictionary<string, string?> configuration)
    {
        Database = database;
        _factory = factory;
        _configuration = configuration;
    }

    public TestDatabase Database { get; }
    public Uri BaseAddress => _factory.ClientOptions.BaseAddress;
    public IServiceProvider Services => _factory.Services;
    public IBrowser? Browser { get; private set; }

    /// <summary>A personal access token of each role's test user (<see cref="TestUsers"/>).</summary>
    public IReadOnlyDictionary<Role, string> Tokens { get; private init; } = new Dictionary<Role, string>();

    /// <param name="connection">Changes to the app's connection string (e.g. a smaller pool); the test's own connections keep theirs.</param>
    public static async Task<DashboardApp> StartAsync(PostgisFixture postgis, IDictionary<string, string?>? settings = null, bool browser = true,
        Action<Npgsql.NpgsqlConnectionStringBuilder>? connection = null)
    {
        var database = await postgis.CreateDatabaseAsync();
        var connectionString = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString);
        connection?.Invoke(connectionString);
        var configuration = new Dictionary<string, string?>(TestUsers.AdminSettings)
        {
            ["ConnectionStrings:Coverage"] = connectionString.ConnectionString,
            ["Seed:Path"] = PostgisServer.FixtureSeedFolder,
            // Static files as under hot reload (no-cache, no integrity in the import map), so MapProbe may serve the map's
            // module with its probe appended. StaticAssetsTests sets false: the files as built, as production serves them.
            ["ReloadStaticAssetsAtRuntime"] = "true",
            // A test's app stops at once, as if killed, unless the test asks for a graceful drain (RollingRestartTests).
            ["Drain:TimeoutSeconds"] = "0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) configuration[key] = value;

        var factory = await StartServerAsync(configuration, database.Name, port: 0);
        var app = new DashboardApp(database, factory, configuration) { Tokens = await TestUsers.CreateAsync(factory.Services) };
        if (browser) app.Browser ??= await app.LaunchBrowserAsync();
        return app;
    }

    /// <summary>Stops the server process's app entirely (every circuit is lost) and starts a fresh one on the same port.</summary>
    public async Task RestartServerAsync()
    {
        var port = BaseAddress.Port;
        await _factory.DisposeAsync();
        _factory = await StartServerAsync(_configuration, Database.Name, port);
    }

    private static async Task<Factory> StartServerAsync(Dictionary<string, string?> configuration, string database, int port, bool waitReady = true)
    {
        var factory = new Factory(configuration, Artifacts.PathFor($"app-{database}.log"));
        factory.UseKestrel(port);
        factory.StartServer();
        if (!waitReady) return factory;
        await factory.Services.GetRequiredService<DatabaseStatus>().Ready.WaitAsync(TimeSpan.FromSeconds(60));
        await factory.Services.GetRequiredService<ChangeFeedStatus>().Listening.WaitAsync(TimeSpan.FromSeconds(60));
        return factory;
    }

    /// <summary>
    /// Another node of the same deployment: a second app on this app's database (whose data-protection keys, users and
    /// tokens it shares), on a port of its own. Dispose it to kill it.
    /// </summary>
    /// <param name="port">The port to listen on (0: a free one); a node restarted in place gets its old port again.</param>
    /// <param name="waitReady">False: return as soon as it listens, while it may still be loading (readiness tests).</param>
    public async Task<DashboardNode> StartNodeAsync(int port = 0, bool waitReady = true)
    {
        var factory = await StartServerAsync(new Dictionary<string, string?>(_configuration), Database.Name + "-node", port, waitReady);
        return new DashboardNode(factory);
    }

    /// <summary>An HTTP client signed in with the personal access token of <paramref name="role"/>'s test user.</summary>
    public HttpClient CreateClient(Role role = Role.Viewer) => CreateAnonymousClient().WithToken(Tokens[role]);

    /// <summary>An HTTP client with no credentials (and no redirects followed), for what anyone on the network sees.</summary>
    public HttpClient CreateAnonymousClient() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = BaseAddress };

    /// <summary>A page in a new browser context signed in as <paramref name="role"/>'s test user (null: not signed in).</summary>
    public async Task<IPage> NewPageAsync(int width = 1920, int height = 1080, Role? role = Role.Viewer)
    {
        var context = await NewContextAsync(width, height, role);
        return await context.NewPageAsync();
    }

    /// <inheritdoc cref="NewPageAsync"/>
    public async Task<IBrowserContext> NewContextAsync(int width = 1920, int height = 1080, Role? role = Role.Viewer)
    {
        Browser ??= await LaunchBrowserAsync();
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height }, Locale = "zh-CN" });
        if (role is { } r) await TestUsers.SignInAsync(context, BaseAddress, r);
        return context;
    }

    private async Task<IBrowser> LaunchBrowserAsync()
    {
        var options = LocalSettings.Chromium();
        _playwright = await Playwright.CreateAsync();
        return await _playwright.Chromium.LaunchAsync(options);
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        await _factory.DisposeAsync();
        await Database.DisposeAsync();
    }

    private sealed class Factory(IDictionary<string, string?> settings, string logPath) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            // Outside Development the host serves only published assets; the tests run from the build output,
            // so point it at the build's static web assets (blazor.web.js, MudBlazor, Leaflet, the map module).
            builder.UseStaticWebAssets();
            builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(settings));
            builder.ConfigureLogging(l => l.AddProvider(new FileLoggerProvider(logPath)));
        }
    }
}

/// <summary>A further node started by <see cref="DashboardApp.StartNodeAsync"/>.</summary>
public sealed class DashboardNode(WebApplicationFactory<Program> factory) : IAsyncDisposable
{
    public Uri BaseAddress { get; } = factory.ClientOptions.BaseAddress;
    public IServiceProvider Services => factory.Services;

    public ValueTask DisposeAsync() => factory.DisposeAsync();
}

/// <summary>Where browser tests keep their screenshots (artifacts of the run).</summary>
public static class Artifacts
{
    public static string PathFor(string name)
    {
        var folder = Environment.GetEnvironmentVariable("COVERAGE_ARTIFACTS") ?? Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }
}
