using Coverage.Domain.Reports;
using Microsoft.Playwright;

namespace Coverage.Dashboard.Tests.EndToEnd.Accessibility;

/// <summary>
/// One app for an accessibility test class, with one signed-in browser context per (role, language) reused by its tests.
/// The language comes from the culture cookie, as the 中文/EN switch sets it.
/// </summary>
public sealed class A11yApp(PostgisFixture postgis) : IAsyncLifetime
{
    private readonly Dictionary<(Role?, string), IBrowserContext> _contexts = [];
    private bool _pendingReport;

    public DashboardApp App { get; private set; } = null!;

    public string Url(string path) => new Uri(App.BaseAddress, path).ToString();

    public async Task InitializeAsync() => App = await DashboardApp.StartAsync(postgis, new Dictionary<string, string?>
    {
        ["Limits:SignInAttemptsPerWindow"] = "200",
    });

    /// <summary>A new page in the shared context of <paramref name="role"/> (null: not signed in) in <paramref name="culture"/>.</summary>
    public async Task<IPage> PageAsync(Role? role, string culture = "zh-CN", int width = 1600, int height = 1000)
    {
        if (!_contexts.TryGetValue((role, culture), out var context))
        {
            context = await App.NewContextAsync(width, height, role);
            await context.AddCookiesAsync([new Cookie
            {
                Name = ".AspNetCore.Culture", Value = $"c={culture}|uic={culture}", Url = App.BaseAddress.ToString(),
            }]);
            _contexts[(role, culture)] = context;
        }
        var page = await context.NewPageAsync();
        await page.SetViewportSizeAsync(width, height);
        return page;
    }

    /// <summary>Opens <paramref name="path"/> and waits until it is live: the circuit answers, maps painted, charts drawn.</summary>
    public async Task GotoLiveAsync(IPage page, string path)
    {
        await page.GotoAsync(Url(path));
        await WaitLiveAsync(page);
    }

    /// <summary>Until the page on screen is live (its circuit has taken over the prerendered page, its map painted).</summary>
    public static async Task WaitLiveAsync(IPage page)
    {
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        if (await page.Locator("[data-testid=coverage-map]").CountAsync() > 0)
            await Assertions.Expect(page.Locator("[data-testid=coverage-map][data-painted]").First).ToBeAttachedAsync(new() { Timeout = 30_000 });
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    /// <summary>A county report on station 5 (安宁镇) waiting for its prefecture, once per app: the inbox's decide state.</summary>
    public async Task EnsurePendingReportAsync()
    {
        if (_pendingReport) return;
        await using var scope = App.Services.CreateAsyncScope();
        var draft = new ReportDraft(StationStatus.Operating, DateOnly.FromDateTime(DateTime.UtcNow), 4, 1,
            StationServices.Needs | StationServices.Assistance, "西昌市民政服务中心", "无障碍检查");
        var result = await scope.ServiceProvider.GetRequiredService<IStationReports>().SubmitAsync(TestUsers.ActorOf(Role.CountyStaff), 5, draft, null, "127.0.0.1");
        Assert.True(result.Succeeded, $"{result.Outcome}: {result.Error}");
        _pendingReport = true;
    }

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts.Values) await context.DisposeAsync();
        await App.DisposeAsync();
    }
}
