using Microsoft.Playwright;

namespace Coverage.Dashboard.Tests.EndToEnd.Accessibility;

/// <summary>
/// Issue 16: zero axe-core violations at WCAG 2.1 A and AA on every route, in Chinese and English, loaded, empty and
/// error states. A failure lists each rule, the element (selector and HTML) and axe's help link.
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed partial class AxeBrowserTests(A11yApp fixture) : IClassFixture<A11yApp>
{
    /// <summary>Route, who opens it (null: nobody signed in), and what state it shows. Add a route here: one line.</summary>
    private static readonly (string Path, Role? Role, string State)[] Routes =
    [
        ("/", Role.ProvinceAdmin, "loaded"),
        ("/?prefecture=5134&county=513401", Role.ProvinceAdmin, "drilled"),
        ("/map", Role.ProvinceAdmin, "loaded"),
        ("/map?prefecture=5134&status=notOperating", Role.ProvinceAdmin, "filtered"),
        ("/map?prefecture=5134&county=513401&mode=existingVenue&status=suspended", Role.ProvinceAdmin, "empty"),
        ("/gaps", Role.ProvinceAdmin, "loaded"),
        ("/gaps?prefecture=5134&county=513401&overdue=true&status=suspended", Role.ProvinceAdmin, "empty"),
        ("/stations/5", Role.CountyStaff, "loaded, report form"),
        ("/stations/5", Role.ProvinceAdmin, "loaded, direct record"),
        ("/stations/999999", Role.ProvinceAdmin, "error: unknown station"),
        ("/stations/propose?township=513401200000", Role.CountyStaff, "propose form"),
        ("/reports", Role.PrefectureStaff, "loaded"),
        ("/reports?state=pending", Role.PrefectureStaff, "pending: confirm and return"),
        ("/reports?state=returned", Role.CountyStaff, "empty"),
        ("/reports", Role.Viewer, "not for this role"),
        ("/brief", Role.ProvinceAdmin, "loaded"),
        ("/wall", Role.ProvinceAdmin, "loaded"),
        ("/account/login", null, "sign-in"),
        ("/account/password", Role.Viewer, "change password"),
        ("/account/tokens", Role.Viewer, "tokens"),
        ("/admin/users", Role.ProvinceAdmin, "loaded"),
        ("/admin/displays", Role.ProvinceAdmin, "loaded"),
        ("/admin/import", Role.ProvinceAdmin, "loaded"),
        ("/admin/audit", Role.ProvinceAdmin, "loaded"),
        ("/admin/users", Role.Viewer, "error: denied"),
        ("/indicators", Role.ProvinceAdmin, "loaded"),
    ];

    public static TheoryData<string, string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var culture in new[] { "zh-CN", "en" })
            foreach (var (path, role, state) in Routes)
                data.Add(path, role?.ToString() ?? "anonymous", state, culture);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Every_route_has_no_WCAG_21_AA_violation(string path, string role, string state, string culture)
    {
        var page = await fixture.PageAsync(role == "anonymous" ? null : Enum.Parse<Role>(role), culture);
        try
        {
            if (state.StartsWith("pending", StringComparison.Ordinal)) await fixture.EnsurePendingReportAsync();
            await fixture.GotoLiveAsync(page, path);
            await Axe.AssertNoViolationsAsync(page, $"{path} as {role}, {state}, {culture}");
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en")]
    public async Task The_sign_in_error_state_has_no_WCAG_21_AA_violation(string culture)
    {
        var page = await fixture.PageAsync(null, culture);
        try
        {
            await page.GotoAsync(fixture.Url("/account/login"));
            await page.Locator("#email").FillAsync("nobody@test.local");
            await page.Locator("#password").FillAsync("not-the-password");
            await page.Locator("[data-testid=login-submit]").ClickAsync();
            await Assertions.Expect(page.GetByTestId("login-error")).ToBeVisibleAsync();
            await Axe.AssertNoViolationsAsync(page, $"/account/login after a wrong password, {culture}");
        }
        finally
        {
            await page.CloseAsync();
        }
    }
}
