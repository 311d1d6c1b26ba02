using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Coverage.Dashboard.Tests.EndToEnd;

/// <summary>
/// The admin pages and the personal-token page in Chromium, signed in through the real sign-in form: a newcomer admin
/// creates a county user and a display link, a viewer is refused, and the audit CSV keeps spreadsheet formulas inert.
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class AdminPagesBrowserTests(PostgisFixture postgis) : DashboardAppTest(postgis)
{
    private const string NewPassword = "Newcounty-Passw0rd";

    /// <summary>A page that records console errors, failed responses and script errors, to be checked at the end.</summary>
    private static IPage Watch(IPage page, List<string> errors)
    {
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        page.PageError += (_, e) => errors.Add(e);
        page.Response += (_, r) => { if (r.Status >= 400) errors.Add($"{r.Status} {r.Url}"); };
        return page;
    }

    private async Task<IPage> AdminPageAsync(string path, List<string> errors)
    {
        var page = Watch(await App.NewPageAsync(role: Role.ProvinceAdmin), errors);
        await page.GotoAsync(Url(path));
        return page;
    }

    private static Task ChooseRoleAsync(IPage page, string form, Role role) =>
        page.GetByTestId(form).Locator($"input[type=radio][data-role={DomainIds.Id(role)}]").CheckAsync();

    [Fact]
    public async Task A_newcomer_admin_creates_a_county_user_who_then_signs_in_and_lands_on_their_county()
    {
        var errors = new List<string>();
        var page = await AdminPageAsync("/admin/users", errors);
        await Assertions.Expect(page.Locator("#page-title")).ToHaveTextAsync("用户管理");
        await Assertions.Expect(page.Locator($"[data-testid=user-row][data-email='{TestUsers.AdminEmail}']")).ToBeVisibleAsync();

        // The rule for the role is checked before anything is sent: county staff need a 6-digit county.
        await page.Locator("#new-email").FillAsync("newcounty@test.local");
        await ChooseRoleAsync(page, "user-create", Role.CountyStaff);
        await page.Locator("#new-scope").FillAsync("5134");
        await page.Locator("#new-password").FillAsync(NewPassword);
        await page.GetByTestId("user-create-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("user-create")).ToContainTextAsync("须填写 6 位县（市、区）代码");
        await Assertions.Expect(page.Locator("[data-testid=user-row][data-email='newcounty@test.local']")).ToHaveCountAsync(0);

        await page.Locator("#new-scope").FillAsync("513401");
        await Assertions.Expect(page.GetByTestId("user-create")).ToContainTextAsync("西昌市 · 凉山彝族自治州");
        await page.GetByTestId("user-create-submit").ClickAsync();

        var row = page.Locator("[data-testid=user-row][data-email='newcounty@test.local']");
        await Assertions.Expect(row).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("user-create-status")).ToContainTextAsync("已创建用户 newcounty@test.local");
        var cells = page.Locator("tr", new() { Has = row });
        await Assertions.Expect(cells).ToContainTextAsync("县（市、区）工作人员");
        await Assertions.Expect(cells).ToContainTextAsync("513401 西昌市 · 凉山彝族自治州");
        await page.ScreenshotAsync(new() { Path = Artifacts.PathFor("admin-users.png"), FullPage = true });

        // The new user signs in through the form, with no help from the test's sign-in shortcut.
        var newcomer = Watch(await (await App.NewContextAsync(role: null)).NewPageAsync(), errors);
        await newcomer.GotoAsync(Url("/account/login"));
        await newcomer.Locator("#email").FillAsync("newcounty@test.local");
        await newcomer.Locator("#password").FillAsync(NewPassword);
        await newcomer.Locator("[data-testid=login-submit]").ClickAsync();
        await Assertions.Expect(newcomer).ToHaveURLAsync(Url("/map?prefecture=5134&county=513401"));
        await Assertions.Expect(newcomer.GetByTestId("signed-in-user")).ToContainTextAsync("newcounty@test.local");

        var audit = await App.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery(Action: AuditAction.UserCreated, Target: "newcounty"), 0, 10);
        var created = Assert.Single(audit.Entries);
        Assert.Equal(TestUsers.AdminEmail, created.Actor);
        // The admin's address reached the audit row although the page runs in a circuit with no HttpContext.
        Assert.Contains(created.Ip, new[] { "127.0.0.1", "::1", "::ffff:127.0.0.1" });
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task The_admin_changes_a_role_resets_a_password_and_disables_a_user_from_the_keyboard_and_every_change_is_audited()
    {
        var errors = new List<string>();
        var page = await AdminPageAsync("/admin/users", errors);
        var viewer = TestUsers.Email(Role.Viewer);
        var edit = page.Locator("tr", new() { Has = page.Locator($"[data-testid=user-row][data-email='{viewer}']") }).GetByTestId("user-edit");
        await Assertions.Expect(edit).ToBeEnabledAsync(); // once the circuit has taken over from the prerendered page
        await edit.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var editor = page.GetByTestId("user-editor");
        await Assertions.Expect(editor).ToHaveAttributeAsync("data-email", viewer);
        // The focus moved into the editor, so keyboard and screen-reader users are where the change happens.
        Assert.True(await page.EvaluateAsync<bool>("() => document.querySelector('[data-testid=user-editor]').contains(document.activeElement)"));

        await ChooseRoleAsync(page, "user-editor", Role.PrefectureStaff);
        await page.Locator("#edit-scope").FillAsync("5134");
        await page.Locator("#edit-scope").PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("user-editor-status")).ToContainTextAsync("角色和范围已保存");
        var row = page.Locator("tr", new() { Has = page.Locator($"[data-testid=user-row][data-email='{viewer}']") });
        await Assertions.Expect(row).ToContainTextAsync("市（州）工作人员");

        await page.Locator("#edit-password").FillAsync("short");
        await page.GetByTestId("user-reset-password").ClickAsync();
        await Assertions.Expect(page.GetByTestId("user-editor-errors")).ToBeVisibleAsync(); // Identity's own policy, shown beside the form
        await page.Locator("#edit-password").FillAsync("Reset-Passw0rd-2026");
        await page.GetByTestId("user-reset-password").ClickAsync();
        await Assertions.Expect(page.GetByTestId("user-editor-status")).ToContainTextAsync("密码已重置");

        await page.GetByTestId("user-disable").ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("已停用");
        await Assertions.Expect(page.GetByTestId("user-enable")).ToBeVisibleAsync();

        var log = App.Services.GetRequiredService<IAuditLog>();
        foreach (var action in new[] { AuditAction.RoleChanged, AuditAction.PasswordReset, AuditAction.UserDisabled })
        {
            var entry = Assert.Single((await log.QueryAsync(new AuditQuery(Action: action, Target: viewer), 0, 10)).Entries);
            Assert.Equal(TestUsers.AdminEmail, entry.Actor);
        }
        // Disabled: the viewer's token no longer works.
        using var client = App.CreateClient(Role.Viewer);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/summary")).StatusCode);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task A_display_link_is_shown_once_opens_a_live_wall_with_no_sign_in_and_stops_when_revoked()
    {
        var errors = new List<string>();
        var page = await AdminPageAsync("/admin/displays", errors);
        await Assertions.Expect(page.GetByTestId("displays-empty")).ToBeVisibleAsync();
        await page.Locator("#display-name").FillAsync("指挥中心主屏");
        await page.Locator("#display-rotate").FillAsync("2");
        await page.GetByTestId("display-create-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("display-create")).ToContainTextAsync("可选，5–3600 秒");
        await page.Locator("#display-rotate").FillAsync("");
        await page.GetByTestId("display-create-submit").ClickAsync();

        var secret = page.GetByTestId("secret-value");
        await Assertions.Expect(secret).ToHaveValueAsync(new Regex("^" + Regex.Escape(Url("/wall?display=swd_"))));
        await Assertions.Expect(page.GetByTestId("secret-once")).ToContainTextAsync("只显示这一次");
        var url = await secret.InputValueAsync();
        await page.GetByTestId("secret-copy").ClickAsync();
        await Assertions.Expect(page.GetByTestId("secret-copy-status")).Not.ToBeEmptyAsync();
        await Assertions.Expect(page.Locator("[data-testid=display-row]")).ToHaveTextAsync("指挥中心主屏");
        await page.ScreenshotAsync(new() { Path = Artifacts.PathFor("admin-displays.png"), FullPage = true });

        // A fresh browser, never signed in: the link alone opens the live wall.
        var wall = Watch(await (await App.NewContextAsync(role: null)).NewPageAsync(), errors);
        await wall.GotoAsync(url);
        await Assertions.Expect(wall.Locator("[data-testid=wall-operating]")).ToBeVisibleAsync();
        await Assertions.Expect(wall.Locator("[data-testid=wall-operating] .flip-value")).ToHaveAttributeAsync("aria-label", "2");

        // Shown once: after a reload the admin sees the link listed, never its secret again.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("[data-testid=display-row]")).ToHaveTextAsync("指挥中心主屏");
        await Assertions.Expect(page.GetByTestId("secret-value")).ToHaveCountAsync(0);
        Assert.DoesNotContain(url.Split("display=")[1], await page.ContentAsync(), StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("tr", new() { Has = page.Locator("[data-testid=display-row]") })).ToContainTextAsync("127.0.0.1");

        await page.GetByTestId("display-revoke").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToContainTextAsync("指挥中心主屏");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "停用" }).ClickAsync();
        // A revocation is a round trip, a committed write and a reload of the list (PlaywrightDefaults: 15 s on the 2-core CI box).
        // The dialog's closing is checked first, so a failure tells a click that never reached the server from a slow write.
        await Assertions.Expect(dialog).ToHaveCountAsync(0); // the answer reached the server
        await Assertions.Expect(page.Locator("tr", new() { Has = page.Locator("[data-testid=display-row]") })).ToContainTextAsync("已停用");
        await Assertions.Expect(wall.GetByTestId("display-stopped")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        errors.RemoveAll(e => e.StartsWith("403 ", StringComparison.Ordinal)); // the stopped wall's own reload answers 403, by design
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task A_viewer_is_refused_the_admin_pages_and_does_not_see_the_admin_links()
    {
        var page = await App.NewPageAsync(role: Role.Viewer);
        await page.GotoAsync(Url("/map"));
        await Assertions.Expect(page.GetByTestId("signed-in-user")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("a[href='admin/users']")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("a[href='account/tokens']")).ToBeVisibleAsync();

        var response = await page.GotoAsync(Url("/admin/users"));
        Assert.Equal(403, response!.Status);
        await Assertions.Expect(page.GetByTestId("access-denied")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=user-row]")).ToHaveCountAsync(0);

        using var client = App.CreateClient(Role.Viewer);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/admin/audit.csv")).StatusCode);
    }

    [Fact]
    public async Task A_user_creates_a_personal_token_uses_it_and_revokes_it()
    {
        var errors = new List<string>();
        var page = Watch(await App.NewPageAsync(role: Role.CountyStaff), errors);
        await page.GotoAsync(Url("/map"));
        // Follow the header link once the page is live (its map paints from the circuit): a click on the prerendered page
        // would be an enhanced navigation that the circuit, starting afterwards for /map, draws over.
        await Assertions.Expect(page.Locator("[data-testid=coverage-map][data-painted]")).ToHaveCountAsync(1);
        await page.Locator("a[href='account/tokens']").ClickAsync();
        await Assertions.Expect(page.Locator("#page-title")).ToHaveTextAsync("访问令牌");
        await Assertions.Expect(page.GetByTestId("tokens-admin-note")).ToHaveCountAsync(0);
        // The test user's own token from the fixture is listed; nobody else's.
        await Assertions.Expect(page.Locator("[data-testid=token-row]")).ToHaveCountAsync(1);

        await page.Locator("#token-name").FillAsync("月报脚本");
        await page.Locator("#token-days").FillAsync("30");
        await page.GetByTestId("token-create-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("secret-value")).ToBeVisibleAsync();
        var secret = await page.GetByTestId("secret-value").InputValueAsync();
        Assert.StartsWith("swp_", secret, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("[data-testid=token-row]")).ToHaveCountAsync(2);
        await page.ScreenshotAsync(new() { Path = Artifacts.PathFor("account-tokens.png"), FullPage = true });

        using var client = App.CreateAnonymousClient().WithToken(secret);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/summary")).StatusCode);
        await page.ReloadAsync();
        var row = page.Locator("tr", new() { Has = page.Locator("[data-testid=token-row]", new() { HasText = "月报脚本" }) });
        await Assertions.Expect(row).ToContainTextAsync("127.0.0.1");

        await row.GetByTestId("token-revoke").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "停用" }).ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0); // the answer reached the server (as for the display above)
        await Assertions.Expect(row.GetByTestId("token-status")).ToContainTextAsync("已停用");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/summary")).StatusCode);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task The_audit_csv_keeps_formulas_inert_and_follows_the_pages_filter()
    {
        // A failed sign-in under the name "=cmd@x", typed into the real form by someone not signed in.
        var stranger = await App.NewPageAsync(role: null);
        await stranger.GotoAsync(Url("/account/login"));
        await stranger.Locator("#email").FillAsync("=cmd@x");
        await stranger.Locator("#password").FillAsync("whatever");
        await stranger.Locator("[data-testid=login-submit]").ClickAsync();
        await Assertions.Expect(stranger.GetByTestId("login-error")).ToBeVisibleAsync();
        await App.Services.GetRequiredService<IAuditLog>().WriteAsync(AuditAction.WriteDenied, "@evil", "10.0.0.9", "+SUM(A1:A9)", "line one\r\n-2, \"quoted\"");

        // The audit page shows it as text, and its export link carries the page's filter.
        var errors = new List<string>();
        var page = await AdminPageAsync("/admin/audit?target=cmd", errors);
        await Assertions.Expect(page.Locator("[data-testid=audit-row]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("audit-total")).ToHaveTextAsync("共 1 条，最新的在前");
        await Assertions.Expect(page.Locator("[data-testid=audit-row]")).ToHaveAttributeAsync("data-action", "signInFailed");
        await Assertions.Expect(page.Locator("tr", new() { Has = page.Locator("[data-testid=audit-row]") })).ToContainTextAsync("=cmd@x");
        await Assertions.Expect(page.GetByTestId("audit-csv")).ToHaveAttributeAsync("href", "admin/audit.csv?target=cmd");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("audit-csv").ClickAsync());
        Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);
        await page.ScreenshotAsync(new() { Path = Artifacts.PathFor("admin-audit.png"), FullPage = true });

        using var client = App.CreateClient(Role.ProvinceAdmin);
        using var response = await client.GetAsync("/admin/audit.csv?target=cmd");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("1", response.Headers.GetValues("X-Total-Count").Single());
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n");
        Assert.Equal("时间,操作,操作者,IP,对象,详情", lines[0]);
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,登录失败,'=cmd@x,[0-9a-f.:]+,'=cmd@x,unknown user$", lines[1]);
        Assert.Equal("", lines[2]);
        Assert.Equal(3, lines.Length);

        using var all = await client.GetAsync("/admin/audit.csv?action=writeDenied");
        var text = Encoding.UTF8.GetString((await all.Content.ReadAsByteArrayAsync())[3..]);
        Assert.EndsWith(",拒绝写入,'@evil,10.0.0.9,'+SUM(A1:A9),\"line one\r\n-2, \"\"quoted\"\"\"\r\n", text, StringComparison.Ordinal);

        using var bad = await client.GetAsync("/admin/audit.csv?from=2026-13-01&action=dance");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadAsStringAsync();
        Assert.Contains("\"from\"", problem, StringComparison.Ordinal);
        Assert.Contains("\"action\"", problem, StringComparison.Ordinal);
        using var anonymous = App.CreateAnonymousClient();
        var refused = await anonymous.GetAsync("/admin/audit.csv");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/account/login", refused.Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}
