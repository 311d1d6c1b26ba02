using Microsoft.Playwright;

namespace Coverage.Dashboard.Tests.EndToEnd;

/// <summary>The data-protection keys live in PostgreSQL, so a signed-in browser stays signed in across an app restart.</summary>
[Collection(PostgisCollection.Name)]
public sealed class SessionRestartBrowserTests(PostgisFixture postgis) : DashboardAppTest(postgis)
{
    [Fact]
    public async Task A_signed_in_browser_is_still_signed_in_after_the_app_restarts()
    {
        var email = TestUsers.Email(Role.Viewer);
        var page = await App.NewPageAsync(role: Role.Viewer);
        await page.GotoAsync(Url("/"));
        await Assertions.Expect(page.Locator("[data-testid=signed-in-user]")).ToContainTextAsync(email);

        await App.RestartServerAsync();
        var reloaded = await page.ReloadAsync();

        Assert.Equal(200, reloaded!.Status);
        Assert.Equal("/", new Uri(page.Url).AbsolutePath);
        await Assertions.Expect(page.Locator("[data-testid=signed-in-user]")).ToContainTextAsync(email);
        // The cookie was read with a key from the database, not from a key ring that happened to be left on this machine.
        Assert.True(await App.Database.ScalarAsync<long>("SELECT count(*) FROM data_protection_keys") > 0);
    }
}
