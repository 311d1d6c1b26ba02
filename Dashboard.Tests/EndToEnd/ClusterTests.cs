using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Coverage.Dashboard.Tests.EndToEnd;

/// <summary>
/// Two nodes on one PostgreSQL behind nginx (the template <c>scripts/cluster.sh</c> uses): no backplane — each node hears
/// every change from the database — sticky sessions, a node lost and its screens back on the other.
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class ClusterTests(PostgisFixture postgis, ITestOutputHelper output) : DashboardAppTest(postgis)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static string Today => DateTime.Now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_change_through_node_A_reaches_a_wall_on_node_B_through_nginx_and_hub_clients_on_both_once_in_order()
    {
        await using var nodeB = await App.StartNodeAsync();
        await using var proxy = await NginxProxy.StartAsync(App.BaseAddress, nodeB.BaseAddress);
        var (wall, wallContext) = await OpenWallAsync(proxy, await proxy.KeyForAsync(nodeB.BaseAddress), nodeB.BaseAddress);
        await using var _ = wallContext;
        await Assertions.Expect(wall.Locator("[data-testid=wall-operating] .flip-value")).ToHaveAttributeAsync("aria-label", "2");
        await using var hubA = await HubClient.ConnectAsync(App.BaseAddress, App.Tokens[Role.Viewer]);
        await using var hubB = await HubClient.ConnectAsync(nodeB.BaseAddress, App.Tokens[Role.Viewer]);

        using var admin = App.CreateClient(Role.ProvinceAdmin); // node A, directly
        await WriteAsync(admin, 3, "operating");        // 少城街道: under construction → operating
        await WriteAsync(admin, 4, "underConstruction"); // 草市街街道: planned → under construction

        await Assertions.Expect(wall.Locator("[data-testid=wall-operating] .flip-value")).ToHaveAttributeAsync("aria-label", "3");
        await hubA.WaitForCountAsync(2, Patience);
        await hubB.WaitForCountAsync(2, Patience);
        Assert.Equal([3, 4], hubA.Received.Select(m => m.StationId));
        Assert.Equal(hubA.Received.Select(m => m.EventId), hubB.Received.Select(m => m.EventId));
        Assert.True(hubA.Received[0].EventId < hubA.Received[1].EventId);
    }

    [Fact]
    public async Task When_node_B_is_killed_its_wall_is_live_again_through_node_A_within_10_s_untouched()
    {
        var nodeB = await App.StartNodeAsync();
        await using var proxy = await NginxProxy.StartAsync(App.BaseAddress, nodeB.BaseAddress);
        var (wall, wallContext) = await OpenWallAsync(proxy, await proxy.KeyForAsync(nodeB.BaseAddress), nodeB.BaseAddress);
        await using var _ = wallContext;
        await Assertions.Expect(wall.Locator("[data-testid=wall-operating] .flip-value")).ToHaveAttributeAsync("aria-label", "2");

        var clock = Stopwatch.StartNew();
        await nodeB.DisposeAsync();
        using var admin = App.CreateClient(Role.ProvinceAdmin);
        await WriteAsync(admin, 3, "operating");

        // Nobody touches the wall: it notices the lost circuit, reloads through nginx (which now sends it to node A) and
        // shows the change.
        await Assertions.Expect(wall.Locator("[data-testid=wall-operating] .flip-value"))
            .ToHaveAttributeAsync("aria-label", "3", new() { Timeout = 10_000 });
        output.WriteLine($"node B killed → its wall showed the next change through node A after {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the wall was live again after {clock.Elapsed.TotalSeconds:F1} s");
        await Assertions.Expect(wall.Locator("[data-testid=coverage-map][data-painted]")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task A_signed_in_browser_stays_signed_in_when_it_reaches_the_other_node()
    {
        await using var nodeB = await App.StartNodeAsync();
        await using var proxy = await NginxProxy.StartAsync(App.BaseAddress, nodeB.BaseAddress);
        await using var context = await App.Browser!.NewContextAsync(new() { Locale = "zh-CN" });
        await PinAsync(context, proxy, await proxy.KeyForAsync(App.BaseAddress));
        await TestUsers.SignInAsync(context, proxy.BaseAddress, Role.PrefectureStaff);
        var page = await context.NewPageAsync();
        var onA = await page.GotoAsync(new Uri(proxy.BaseAddress, "/reports").ToString());
        Assert.Equal($"127.0.0.1:{App.BaseAddress.Port}", await onA!.HeaderValueAsync("x-coverage-node"));

        // The same browser, now sent to node B (as after node A went away): its sign-in cookie is still good there.
        await PinAsync(context, proxy, await proxy.KeyForAsync(nodeB.BaseAddress));
        var onB = await page.GotoAsync(new Uri(proxy.BaseAddress, "/reports").ToString());
        Assert.Equal($"127.0.0.1:{nodeB.BaseAddress.Port}", await onB!.HeaderValueAsync("x-coverage-node"));
        Assert.Equal(HttpStatusCode.OK, (HttpStatusCode)onB.Status);
        Assert.EndsWith("/reports", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("[data-testid=reports-badge]")).ToHaveCountAsync(1);
    }

    /// <summary>A wall opened with a display link through nginx, pinned to <paramref name="node"/>.</summary>
    private async Task<(IPage Page, IBrowserContext Context)> OpenWallAsync(NginxProxy proxy, string key, Uri node)
    {
        var link = await App.Services.GetRequiredService<IDisplayLinks>().CreateAsync("大厅", null, null, "tests", null);
        var context = await App.Browser!.NewContextAsync(new() { ViewportSize = new() { Width = 1920, Height = 1080 }, Locale = "zh-CN" });
        await PinAsync(context, proxy, key);
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync(new Uri(proxy.BaseAddress, $"/wall?display={link.Secret}").ToString());
        Assert.Equal($"127.0.0.1:{node.Port}", await response!.HeaderValueAsync("x-coverage-node"));
        await Assertions.Expect(page.Locator("[data-testid=coverage-map][data-painted]")).ToHaveCountAsync(1);
        return (page, context);
    }

    private static Task PinAsync(IBrowserContext context, NginxProxy proxy, string key) =>
        context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = "coverage_node", Value = key, Url = proxy.BaseAddress.ToString() }]);

    private static async Task WriteAsync(HttpClient client, int station, string status)
    {
        using var response = await client.PostAsJsonAsync($"/api/stations/{station}/status", new { status, effectiveOn = Today });
        Assert.True(response.IsSuccessStatusCode, $"station {station} → {status}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
