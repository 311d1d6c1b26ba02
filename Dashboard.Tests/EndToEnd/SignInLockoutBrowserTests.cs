using Coverage.Dashboard.Security;
using Microsoft.Playwright;

namespace Coverage.Dashboard.Tests.EndToEnd;

/// <summary>
/// The sign-in form under attack: five wrong passwords within five minutes lock the account, so the right password is then
/// refused too; an unknown e-mail is told exactly what a wrong password is told. Every attempt is audited.
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class SignInLockoutBrowserTests(PostgisFixture postgis) : DashboardAppTest(postgis)
{
    private const string Invalid = "邮箱或密码不正确。";
    private const string WrongPassword = "Wrong-Passw0rd-2026";

    /// <summary>Types an e-mail and password into the sign-in form and submits it; the answer's status and the error shown.</summary>
    private async Task<(int Status, string? Error)> SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync(Url("/account/login"));
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        var response = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("[data-testid=login-submit]"),
            r => r.Request.Method == "POST" && new Uri(r.Url).AbsolutePath == "/account/login");
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
        var error = page.Locator("[data-testid=login-error]");
        return (response.Status, await error.CountAsync() == 0 ? null : (await error.TextContentAsync())?.Trim());
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_so_the_right_one_is_refused_next()
    {
        var email = TestUsers.Email(Role.CountyStaff);
        var page = await App.NewPageAsync(role: null);

        for (var i = 1; i < SignInGuard.MaxFailures; i++)
            Assert.Equal((401, Invalid), await SignInAsync(page, email, WrongPassword));
        var fifth = await SignInAsync(page, email, WrongPassword);
        var sixth = await SignInAsync(page, email, TestUsers.Password);

        Assert.Equal(429, fifth.Status); // the fifth failure locks
        Assert.Equal((429, "失败次数过多，账户已锁定 15 分钟。"), sixth);
        Assert.Equal("/account/login", new Uri(page.Url).AbsolutePath);
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == SecurityHosting.SessionCookie);

        // Attempts are recorded under the name as typed, in lower case.
        var name = email.ToLowerInvariant();
        var audit = App.Services.GetRequiredService<IAuditLog>();
        var failed = await audit.QueryAsync(new AuditQuery(Action: AuditAction.SignInFailed, Target: name), 0, 20);
        Assert.Equal(SignInGuard.MaxFailures + 1, failed.Total);
        Assert.Contains(failed.Entries, e => e.Detail == "locked out");
        Assert.Equal(1, (await audit.QueryAsync(new AuditQuery(Action: AuditAction.LockedOut, Target: name), 0, 20)).Total);
        Assert.Equal(0, (await audit.QueryAsync(new AuditQuery(Action: AuditAction.SignIn, Target: name), 0, 20)).Total);
    }

    [Fact]
    public async Task An_unknown_email_gets_the_same_answer_as_a_wrong_password()
    {
        var page = await App.NewPageAsync(role: null);

        var unknown = await SignInAsync(page, "nobody@test.local", WrongPassword);
        var wrong = await SignInAsync(page, TestUsers.Email(Role.Viewer), WrongPassword);

        Assert.Equal((401, Invalid), unknown);
        Assert.Equal(unknown, wrong);
        var failed = await App.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery(Action: AuditAction.SignInFailed), 0, 20);
        Assert.Contains(failed.Entries, e => e.Target == "nobody@test.local" && e.Detail == "unknown user");
        Assert.Contains(failed.Entries, e => e.Target == TestUsers.Email(Role.Viewer).ToLowerInvariant() && e.Detail == "wrong password");
    }
}
