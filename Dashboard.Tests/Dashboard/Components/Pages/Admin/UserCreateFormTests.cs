using Bunit;
using Coverage.Dashboard.Components.Pages.Admin;
using Coverage.Dashboard.Security;
using Microsoft.AspNetCore.Components;

namespace Coverage.Dashboard.Tests.Dashboard.Components.Pages.Admin;

/// <summary>The new-user form: the role's scope rule is checked before anything is sent, and the account service's reasons are shown.</summary>
public sealed class UserCreateFormTests : DashboardBunitContext, IAsyncLifetime
{
    private readonly RecordingAccounts _accounts = new();
    private readonly List<UserAccount> _created = [];

    public UserCreateFormTests()
    {
        Services.AddSingleton<IUserAccounts>(_accounts);
        Services.AddSingleton(TimeProvider.System);
        AddAuthorization().SetAuthorized(TestUsers.AdminEmail);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services dispose asynchronously only.
    public new async Task DisposeAsync() => await base.DisposeAsync();

    private IRenderedComponent<UserCreateForm> RenderForm() => Render<UserCreateForm>(p => p
        .Add(c => c.Snapshot, Snapshots.Create())
        .Add(c => c.OnCreated, (UserAccount u) => _created.Add(u))
        .AddCascadingValue(new ClientAddress("10.1.2.3")));

    private static void ChooseRole(IRenderedComponent<UserCreateForm> cut, Role role) =>
        cut.Find($"input[data-role={DomainIds.Id(role)}]").Click();

    private static void Fill(IRenderedComponent<UserCreateForm> cut, string email, Role role, string scope, string password)
    {
        cut.Find("#new-email").Change(email);
        ChooseRole(cut, role);
        cut.Find("#new-scope").Input(scope);
        cut.Find("#new-password").Change(password);
    }

    [Fact]
    public void County_staff_need_a_county_code_and_nothing_is_sent_until_they_have_one()
    {
        var cut = RenderForm();

        Fill(cut, "new@test.local", Role.CountyStaff, "5134", "Passw0rd-Passw0rd");
        cut.Find("form").Submit();

        Assert.Contains("须填写 6 位县（市、区）代码，如 513401。", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(_accounts.Calls);

        cut.Find("#new-scope").Input("513401");
        Assert.Contains("西昌市 · 凉山彝族自治州", cut.Markup, StringComparison.Ordinal);
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Single(_created));
        Assert.Equal(("new@test.local", Role.CountyStaff, "513401", "Passw0rd-Passw0rd", TestUsers.AdminEmail, "10.1.2.3"), Assert.Single(_accounts.Calls));
        Assert.Contains("已创建用户 new@test.local", cut.Find("[data-testid=user-create-status]").TextContent, StringComparison.Ordinal);
        Assert.Equal("", cut.Find("#new-email").GetAttribute("value"));
    }

    [Theory]
    [InlineData(Role.PrefectureStaff, "513401", "须填写 4 位市（州）代码")]
    [InlineData(Role.Viewer, "51", "请输入 4 位市（州）代码或 6 位县（市、区）代码")]
    [InlineData(Role.Viewer, "5199", "没有代码为 5199 的行政区")]
    public void A_scope_that_does_not_fit_the_role_or_names_no_division_is_refused(Role role, string scope, string message)
    {
        var cut = RenderForm();

        Fill(cut, "new@test.local", role, scope, "Passw0rd-Passw0rd");
        cut.Find("form").Submit();

        Assert.Contains(message, cut.Markup, StringComparison.Ordinal);
        Assert.Equal("true", cut.Find("#new-scope").GetAttribute("aria-invalid"));
        Assert.Empty(_accounts.Calls);
    }

    [Fact]
    public void A_province_admin_has_no_scope_to_type()
    {
        var cut = RenderForm();
        cut.Find("#new-scope").Input("5134");

        ChooseRole(cut, Role.ProvinceAdmin);

        Assert.True(cut.Find("#new-scope").HasAttribute("disabled"));
        Assert.Equal("", cut.Find("#new-scope").GetAttribute("value") ?? "");
    }

    [Fact]
    public void The_account_services_reasons_are_shown_beside_the_form_and_the_input_is_kept()
    {
        _accounts.Result = AccountResult.Fail("Passwords must have at least one digit ('0'-'9').", "a user new@test.local already exists");
        var cut = RenderForm();

        Fill(cut, "new@test.local", Role.Viewer, "", "NoDigitsHere-x");
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=user-create-errors] li").Count));
        Assert.Contains("already exists", cut.Find("[data-testid=user-create-errors]").TextContent, StringComparison.Ordinal);
        Assert.Equal("new@test.local", cut.Find("#new-email").GetAttribute("value"));
        Assert.Empty(_created);
    }

    /// <summary>Records the creations it is asked for and answers with <see cref="Result"/> (or the user, created).</summary>
    private sealed class RecordingAccounts : IUserAccounts
    {
        public List<(string, Role, string?, string, string, string?)> Calls { get; } = [];
        public AccountResult? Result { get; set; }

        public Task<AccountResult> CreateAsync(string email, Role role, string? scopeCode, string password, string actor, string? ip)
        {
            Calls.Add((email, role, scopeCode, password, actor, ip));
            return Task.FromResult(Result ?? AccountResult.Ok(new UserAccount("u1", email, role, scopeCode, false, null, DateTimeOffset.UnixEpoch)));
        }

        public Task<IReadOnlyList<UserAccount>> ListAsync(CancellationToken ct = default) => throw new NotSupportedException();
        public Task<UserAccount?> FindAsync(string email) => throw new NotSupportedException();
        public Task<AccountResult> ChangeRoleAsync(string email, Role role, string? scopeCode, string actor, string? ip) => throw new NotSupportedException();
        public Task<AccountResult> SetDisabledAsync(string email, bool disabled, string actor, string? ip) => throw new NotSupportedException();
        public Task<AccountResult> ResetPasswordAsync(string email, string password, string actor, string? ip) => throw new NotSupportedException();
        public Task<AccountResult> ChangeOwnPasswordAsync(string userId, string current, string password, string? ip) => throw new NotSupportedException();
    }
}
