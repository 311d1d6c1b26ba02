using System.Diagnostics;
using Microsoft.Playwright;

namespace Coverage.Dashboard.Tests.EndToEnd;

/// <summary>A wall opened with a display link in a browser that never signed in: it shows data, and stops by itself once revoked.</summary>
[Collection(PostgisCollection.Name)]
public sealed class DisplayLinkBrowserTests(PostgisFixture postgis) : DashboardAppTest(postgis)
{
    private IDisplayLinks Links => App.Services.GetRequiredService<IDisplayLinks>();

    [Fact]
    public async Task A_revoked_link_stops_the_open_wall_within_10_seconds_with_no_one_touching_it()
    {
        var link = await Links.CreateAsync("lobby", null, null, "tests", null);
        await using var context = await App.NewContextAsync(role: null);
        var page = await context.NewPageAsync();

        var opened = await page.GotoAsync(Url($"/wall?display={link.Secret}"));

        Assert.Equal(200, opened!.Status);
        await Assertions.Expect(page.Locator("[data-testid=wall-operating] .flip-value")).ToHaveAttributeAsync("aria-label", "2");
        Assert.Equal("/wall", new Uri(page.Url).AbsolutePath);
        // The figures above may be the prerendered page: revoke once the wall is live (its map paints from the circuit).
        await Assertions.Expect(page.Locator("[data-testid=coverage-map][data-painted]")).ToHaveCountAsync(1);

        var revoked = Stopwatch.StartNew();
        Assert.True(await Links.RevokeAsync(link.Row.Id, "tests", null));

        var stopped = page.Locator("[data-testid=display-stopped]");
        await Assertions.Expect(stopped).ToBeVisibleAsync(new() { Timeout = 10_000 });
        Assert.True(revoked.Elapsed < TimeSpan.FromSeconds(10), $"stopped after {revoked.Elapsed.TotalSeconds:F1} s");
        await Assertions.Expect(stopped).ToContainTextAsync("显示链接已停用");
        await Assertions.Expect(page.Locator("[data-testid=wall-operating]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".flip-value")).ToHaveCountAsync(0);

        // Reloading the revoked URL answers the stopped page itself, 403, with no figures.
        var reloaded = await page.ReloadAsync();
        Assert.Equal(403, reloaded!.Status);
        await Assertions.Expect(page.Locator("[data-testid=display-stopped]")).ToContainTextAsync("显示链接已停用");
        await Assertions.Expect(page.Locator(".flip-value")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_scoped_link_shows_its_own_prefecture_whatever_the_url_asks()
    {
        var link = await Links.CreateAsync("凉山大厅", "5134", null, "tests", null);
        await using var context = await App.NewContextAsync(role: null);
        var page = await context.NewPageAsync();

        await page.GotoAsync(Url($"/wall?display={link.Secret}&prefecture=5101"));

        await Assertions.Expect(page.Locator("[data-testid=wall]")).ToHaveAttributeAsync("data-scope", "5134");
        await Assertions.Expect(page.Locator(".wall-scope")).ToHaveTextAsync("凉山彝族自治州");
    }
}
