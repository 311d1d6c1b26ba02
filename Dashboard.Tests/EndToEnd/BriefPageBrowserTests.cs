using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Coverage.Dashboard.Tests.EndToEnd;

/// <summary>The leadership brief (/brief) in Chromium: one A4 page when printed, with no navigation chrome.</summary>
[Collection(PostgisCollection.Name)]
public sealed partial class BriefPageBrowserTests(PostgisFixture postgis) : DashboardAppTest(postgis)
{
    /// <summary>Waits until the brief is printable: the page marked ready and its map painted.</summary>
    internal static async Task WaitPrintableAsync(IPage page)
    {
        await Assertions.Expect(page.Locator("[data-testid=brief][data-ready]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=brief] [data-testid=coverage-map][data-painted]")).ToHaveCountAsync(1);
    }

    /// <summary>A brief open and printable in a 1280×900 window, as <paramref name="role"/>'s test user.</summary>
    private async Task<IPage> OpenAsync(Role role, string path)
    {
        var page = await App.NewPageAsync(1280, 900, role);
        await page.GotoAsync(Url(path));
        await WaitPrintableAsync(page);
        return page;
    }

    /// <summary>The pages of a PDF: its page objects (<c>/Type /Page</c>, not the <c>/Pages</c> tree nodes).</summary>
    internal static int PdfPages(byte[] pdf) => PageObject().Count(Encoding.Latin1.GetString(pdf));

    [Fact]
    public async Task The_province_brief_prints_to_exactly_one_A4_page_with_no_navigation_chrome()
    {
        var page = await OpenAsync(Role.ProvinceAdmin, "/brief");

        await Assertions.Expect(page.GetByTestId("brief-scope")).ToHaveTextAsync("全省");
        await Assertions.Expect(page.GetByTestId("brief-text")).ToContainTextAsync("全省已建成运营乡镇（街道）社工站");
        await Assertions.Expect(page.GetByTestId("brief-league-row")).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("brief-print")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".mud-appbar")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Artifacts.PathFor("brief-screen.png"), FullPage = true });
        // The print button opens the browser's print dialog through the page's own module (no inline script under the CSP).
        var printCalled = page.WaitForConsoleMessageAsync(new() { Predicate = m => m.Text == "print called" });
        await page.EvaluateAsync("() => { window.print = () => console.log('print called'); }");
        await page.GetByTestId("brief-print").ClickAsync();
        await printCalled;

        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await page.SetViewportSizeAsync(718, 1047); // A4 less its margins at 96 dpi, for the screenshot

        await Assertions.Expect(page.Locator(".mud-appbar")).ToBeHiddenAsync();
        Assert.Equal(0, await page.Locator(".app-menu:visible, .app-menu-button:visible, a.mud-nav-link:visible, .culture-switch:visible").CountAsync());
        await Assertions.Expect(page.GetByTestId("brief-tools")).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByTestId("brief-print")).ToBeHiddenAsync();
        Assert.Equal(0, await page.Locator(".leaflet-control-zoom:visible, [data-testid=brief] a:visible").CountAsync());
        // The synthetic-data label goes on paper too.
        await Assertions.Expect(page.Locator("[data-testid=brief] [data-testid=dataset-synthetic]")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Artifacts.PathFor("brief-print-media.png"), FullPage = true });

        var pdf = await page.PdfAsync(new() { Format = "A4", PrintBackground = true, Path = Artifacts.PathFor("brief.pdf") });

        Assert.Equal(1, PdfPages(pdf));
    }

    [Fact]
    public async Task Prefecture_staff_open_on_their_prefecture_and_its_brief_also_fits_one_page()
    {
        var page = await OpenAsync(Role.PrefectureStaff, "/brief?asOf=2024-06-30");

        await Assertions.Expect(page.GetByTestId("brief-scope")).ToHaveTextAsync("凉山彝族自治州");
        await Assertions.Expect(page.GetByTestId("brief-date")).ToHaveTextAsync("截至2024年6月30日");
        await Assertions.Expect(page.GetByTestId("brief-text")).ToContainTextAsync("截至2024年6月30日，全州");

        var pdf = await page.PdfAsync(new() { Format = "A4", PrintBackground = true });

        Assert.Equal(1, PdfPages(pdf));
    }

    [Fact]
    public async Task The_overview_links_to_the_brief_and_choosing_a_prefecture_moves_the_brief_and_its_url()
    {
        var page = await App.NewPageAsync(1280, 900, Role.Viewer);
        await page.GotoAsync(Url("/"));
        await Assertions.Expect(page.Locator("[data-testid=coverage-map][data-painted]")).ToHaveCountAsync(1);

        await page.GetByTestId("brief-link").ClickAsync();
        await WaitPrintableAsync(page);
        await page.GetByTestId("brief-scope-select").SelectOptionAsync("5101");

        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/brief\?prefecture=5101$"));
        await Assertions.Expect(page.GetByTestId("brief-scope")).ToHaveTextAsync("成都市");
        await Assertions.Expect(page.GetByTestId("brief-text")).ToContainTextAsync("全市");
    }

    [Fact]
    public async Task In_English_the_brief_and_its_paragraph_read_in_English()
    {
        var page = await OpenAsync(Role.Viewer, "/brief?prefecture=5101&culture=en");

        await Assertions.Expect(page.Locator("#page-title")).ToHaveTextAsync("Sichuan township (street) social-work station coverage brief");
        await Assertions.Expect(page.GetByTestId("brief-text")).ToContainTextAsync("social-work stations were operating across the city");
        await Assertions.Expect(page.GetByTestId("brief-print")).ToHaveTextAsync("Print / save as PDF");
    }

    [GeneratedRegex(@"/Type\s*/Page(?![a-zA-Z])")]
    private static partial Regex PageObject();
}
