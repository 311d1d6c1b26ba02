using Coverage.Dashboard.Tests.Support;
using Microsoft.Playwright;

namespace Coverage.Bench.Live;

/// <summary>Debian's Chromium under Playwright, as in the tests.</summary>
public sealed class Browser : IAsyncDisposable
{
    private readonly IPlaywright _playwright;

    private Browser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Instance = browser;
    }

    public IBrowser Instance { get; }

    public static async Task<Browser> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        // Many screens share one machine here: keep Chromium from throttling the ones it considers in the background.
        var browser = await playwright.Chromium.LaunchAsync(LocalSettings.Chromium(
            "--disable-background-timer-throttling", "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows"));
        return new Browser(playwright, browser);
    }

    /// <summary>
    /// With every screen on this one 2-core machine, the walls' endless CSS animations (ticker, roll-ins) cost
    /// software rendering time that a real wall spends on its own hardware; "reduce motion" switches them off.
    /// </summary>
    public static bool ReducedMotion { get; set; }

    /// <summary>Signs the bench user in through the sign-in form; the storage state to open pages with (<see cref="OpenAsync"/>).</summary>
    public Task<string> SignInAsync(BenchApp app) => app.User.SignInAsync(_playwright, app.BaseAddress);

    /// <summary>Opens a page (in a context of its own, signed in when <paramref name="session"/> is given) and waits until its map has painted.</summary>
    public async Task<IPage> OpenAsync(Uri url, int width = 1920, int height = 1080, string? session = null)
    {
        var context = await Instance.NewContextAsync(new()
        {
            ViewportSize = new() { Width = width, Height = height },
            StorageState = session,
            ReducedMotion = ReducedMotion ? Microsoft.Playwright.ReducedMotion.Reduce : Microsoft.Playwright.ReducedMotion.NoPreference,
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(url.ToString());
        await page.Locator("[data-testid=coverage-map][data-painted]").WaitForAsync(new() { Timeout = 120_000 });
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await Instance.DisposeAsync();
        _playwright.Dispose();
    }
}
