using Microsoft.Playwright;

namespace Coverage.Dashboard.Tests.EndToEnd.Accessibility;

/// <summary>The wall as a display link opens it (<c>/wall?display=…</c>, nobody signed in), in Chinese and English.</summary>
public sealed partial class AxeBrowserTests
{
    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en")]
    public async Task The_wall_opened_with_a_display_link_has_no_WCAG_21_AA_violation(string culture)
    {
        var link = await fixture.App.Services.GetRequiredService<IDisplayLinks>().CreateAsync($"axe {culture}", null, 30, "tests", null);
        // A browser of its own: the link signs it in as the display, which the shared anonymous context must not become.
        await using var context = await fixture.App.NewContextAsync(1920, 1080, role: null);
        await context.AddCookiesAsync([new Cookie
        {
            Name = ".AspNetCore.Culture", Value = $"c={culture}|uic={culture}", Url = fixture.App.BaseAddress.ToString(),
        }]);
        var page = await context.NewPageAsync();
        await fixture.GotoLiveAsync(page, $"/wall?display={link.Secret}");
        await Assertions.Expect(page.GetByTestId("wall")).ToHaveAttributeAsync("data-rotation", "running");
        await Axe.AssertNoViolationsAsync(page, $"/wall?display=… (a display link), {culture}");
    }
}
