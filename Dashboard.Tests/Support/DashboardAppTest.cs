namespace Coverage.Dashboard.Tests.Support;

/// <summary>
/// Base of the browser and live-path test classes: each test gets its own running Dashboard and Chromium over its own
/// copy of the seeded database (<see cref="DashboardApp.StartAsync"/>), stopped after it. The derived class names the
/// <see cref="PostgisCollection"/>.
/// </summary>
public abstract class DashboardAppTest(PostgisFixture postgis) : IAsyncLifetime
{
    protected DashboardApp App { get; private set; } = null!;

    public async Task InitializeAsync() => App = await DashboardApp.StartAsync(postgis);

    public async Task DisposeAsync() => await App.DisposeAsync();

    /// <summary>The absolute URL of <paramref name="path"/> on the app.</summary>
    protected string Url(string path) => new Uri(App.BaseAddress, path).ToString();
}
