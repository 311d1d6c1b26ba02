using Microsoft.Playwright;

namespace Coverage.Dashboard.Tests.EndToEnd;

/// <summary>
/// The browser tab names the page (and a screen reader announces it on arrival): the prerender writes the first page's
/// title, and each page reached by the circuit's own navigation, forward or back, sets its own (DocumentTitle).
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class DocumentTitleBrowserTests(PostgisFixture postgis) : DashboardAppTest(postgis)
{
    [Fact]
    public async Task The_title_names_each_page_the_circuit_navigates_to_and_back()
    {
        var errors = new List<string>();
        var page = await App.NewPageAsync(role: Role.Viewer);
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        page.PageError += (_, e) => errors.Add(e);

        var response = await page.GotoAsync(Url("/map"));
        var html = System.Net.WebUtility.HtmlDecode(await response!.TextAsync());
        Assert.Contains("<title>覆盖地图 · 社工站覆盖</title>", html, StringComparison.Ordinal); // prerendered
        await Assertions.Expect(page.Locator("[data-testid=coverage-map][data-painted]")).ToBeVisibleAsync();
        await Assertions.Expect(page).ToHaveTitleAsync("覆盖地图 · 社工站覆盖");

        await page.Locator(".app-menu a[href='gaps']").ClickAsync(); // the circuit's own navigation: no request for the page
        await Assertions.Expect(page).ToHaveURLAsync(Url("/gaps"));
        await Assertions.Expect(page).ToHaveTitleAsync("未覆盖清单 · 社工站覆盖");

        await page.Locator(".app-menu a[href='/']").ClickAsync();
        await Assertions.Expect(page).ToHaveTitleAsync("四川省乡镇（街道）社工站覆盖监测");
        await page.ShowDeferredAsync("league"); // the overview reached this way draws its panels as they come into view

        await page.GoBackAsync();
        await Assertions.Expect(page).ToHaveURLAsync(Url("/gaps"));
        await Assertions.Expect(page).ToHaveTitleAsync("未覆盖清单 · 社工站覆盖");
        Assert.Equal(1, await page.Locator("head title").CountAsync());
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}
