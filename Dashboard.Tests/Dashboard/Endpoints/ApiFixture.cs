
namespace Coverage.Dashboard.Tests.Dashboard.Endpoints;

/// <summary>One running Dashboard (no browser) over its own copy of the fixture seed, shared by a read-only API test class.</summary>
public sealed class ApiFixture(PostgisFixture postgis) : IAsyncLifetime
{
    public DashboardApp App { get; private set; } = null!;

    public async Task InitializeAsync() => App = await DashboardApp.StartAsync(postgis, browser: false);

    public async Task DisposeAsync() => await App.DisposeAsync();
}
