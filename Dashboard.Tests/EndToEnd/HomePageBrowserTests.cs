using System.Net;
using Coverage.Dashboard.Tests.Support;
using Microsoft.Playwright;

namespace Coverage.Dashboard.Tests.EndToEnd;

[Collection(PostgisCollection.Name)]
public sealed class HomePageBrowserTests(PostgisFixture postgis) : IAsyncLifetime
{
    private DashboardApp _app = null!;

    public async Task InitializeAsync() => _app = await DashboardApp.StartAsync(postgis);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_home_page_shows_the_counts_in_Chromium()
    {
        var page = await _app.NewPageAsync();
        await page.GotoAsync(new Uri(_app.BaseAddress, "/").ToString());

        await Assertions.Expect(page.Locator("[data-testid=count-townships] .count-value")).ToHaveTextAsync("7");
        await Assertions.Expect(page.Locator("[data-testid=count-prefectures] .count-value")).ToHaveTextAsync("2");
        await Assertions.Expect(page.Locator("[data-testid=count-status-operating]")).ToContainTextAsync("运营中");
        await page.ScreenshotAsync(new() { Path = Artifacts.PathFor("home.png"), FullPage = true });
    }

    [Fact]
    public async Task Healthz_answers_200_once_the_database_is_ready()
    {
        using var client = _app.CreateClient();
        using var response = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"healthy\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
