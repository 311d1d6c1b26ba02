namespace Coverage.Dashboard.Tests.Dashboard.Security;

/// <summary>
/// One running Dashboard (no browser) over its own copy of the fixture seed, shared by a test class, with a display link
/// scoped to 凉山 (5134) beside the test users' personal tokens.
/// </summary>
public sealed class SecurityApiFixture(PostgisFixture postgis) : IAsyncLifetime
{
    public DashboardApp App { get; private set; } = null!;

    /// <summary>The token of a display link scoped to 5134.</summary>
    public string DisplayToken { get; private set; } = "";

    public async Task InitializeAsync()
    {
        App = await DashboardApp.StartAsync(postgis, browser: false);
        DisplayToken = (await App.Services.GetRequiredService<IDisplayLinks>().CreateAsync("5134 wall", "5134", null, "tests", null)).Secret;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}
