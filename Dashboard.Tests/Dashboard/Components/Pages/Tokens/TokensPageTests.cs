using System.Security.Claims;
using Bunit;
using Coverage.Dashboard.Components.Pages.Tokens;
using Coverage.Dashboard.Security;
using Microsoft.AspNetCore.Components;

namespace Coverage.Dashboard.Tests.Dashboard.Components.Pages.Tokens;

/// <summary>The personal-token page: the user's own tokens, a new one shown once, expiry checked before anything is created.</summary>
public sealed class TokensPageTests : DashboardBunitContext, IAsyncLifetime
{
    private readonly InMemoryTokens _tokens = new();

    public TokensPageTests()
    {
        Services.AddSingleton<IAccessTokens>(_tokens);
        Services.AddSingleton(TimeProvider.System);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services dispose asynchronously only.
    public new async Task DisposeAsync() => await base.DisposeAsync();

    private IRenderedComponent<TokensPage> RenderPage(params string[] policies)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("county@test.local");
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, "u-county"));
        auth.SetPolicies(policies);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        return Render<TokensPage>(p => p.AddCascadingValue(new ClientAddress("10.1.2.3")));
    }

    [Fact]
    public void Revoking_asks_first_in_the_pages_own_dialog_and_revokes_only_when_confirmed()
    {
        _tokens.Add("u-county", "月报脚本");
        var cut = RenderPage();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=token-row]")));

        // The dialog provider is the page's own (the layout no longer carries one): the question appears in the page.
        cut.Find("[data-testid=token-revoke]").Click();
        cut.WaitForAssertion(() => Assert.Contains("月报脚本", cut.Find(".mud-dialog").TextContent, StringComparison.Ordinal));
        cut.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "取消").Click();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".mud-dialog")));
        Assert.Empty(_tokens.Revoked);

        cut.Find("[data-testid=token-revoke]").Click();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll(".mud-dialog")));
        cut.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "停用").Click();

        cut.WaitForAssertion(() => Assert.Equal("u-county", Assert.Single(_tokens.Revoked).UserId));
    }

    [Fact]
    public void A_new_token_is_shown_once_with_a_warning_and_listed_by_its_prefix()
    {
        _tokens.Add("u-county", "existing");
        _tokens.Add("u-other", "someone else's");
        var cut = RenderPage();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=token-row]")));
        Assert.Empty(cut.FindAll("[data-testid=tokens-admin-note]"));

        cut.Find("#token-name").Change("月报脚本");
        cut.Find("#token-days").Change("30");
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=token-row]").Count));
        var created = Assert.Single(_tokens.Created);
        Assert.Equal(("u-county", "月报脚本", (int?)30, "county@test.local", "10.1.2.3"), created);
        Assert.Equal(_tokens.LastSecret, cut.Find("[data-testid=secret-value]").GetAttribute("value"));
        Assert.Contains("只显示这一次", cut.Find("[data-testid=secret-once]").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(_tokens.LastSecret!, cut.Find("[data-testid=tokens-table]").InnerHtml, StringComparison.Ordinal);

        cut.Find("[data-testid=secret-dismiss]").Click();

        Assert.Empty(cut.FindAll("[data-testid=secret-once]"));
        Assert.DoesNotContain(_tokens.LastSecret!, cut.Markup, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("367")]
    [InlineData("thirty")]
    public void An_expiry_outside_1_to_366_days_is_refused_before_anything_is_created(string days)
    {
        var cut = RenderPage();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=tokens-empty]")));

        cut.Find("#token-name").Change("脚本");
        cut.Find("#token-days").Change(days);
        // MudTextField applies a change asynchronously: submit once the field holds it.
        cut.WaitForAssertion(() => Assert.Equal(days, cut.Find("#token-days").GetAttribute("value")));
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find("#token-days").GetAttribute("aria-invalid")));
        Assert.Contains("可选，1–366 天", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(_tokens.Created);
    }

    [Fact]
    public void An_admin_is_told_how_other_users_tokens_are_revoked()
    {
        var cut = RenderPage(Policies.Admin);

        Assert.Contains("tokens revoke", cut.Find("[data-testid=tokens-admin-note]").TextContent, StringComparison.Ordinal);
    }

    private sealed class InMemoryTokens : IAccessTokens
    {
        private readonly List<AccessToken> _all = [];

        public List<(string, string, int?, string, string?)> Created { get; } = [];
        public string? LastSecret { get; private set; }

        public void Add(string userId, string name) =>
            _all.Add(new AccessToken { Id = _all.Count + 1, UserId = userId, Name = name, Prefix = "swp_abcd…", CreatedAt = DateTimeOffset.UnixEpoch });

        public Task<CreatedSecret<AccessToken>> CreateAsync(string userId, string name, int? days, string actor, string? ip, CancellationToken ct = default)
        {
            Created.Add((userId, name, days, actor, ip));
            LastSecret = "swp_" + Guid.NewGuid().ToString("N");
            Add(userId, name);
            return Task.FromResult(new CreatedSecret<AccessToken>(LastSecret, _all[^1]));
        }

        public Task<IReadOnlyList<AccessToken>> ListAsync(string? userId, CancellationToken ct = default) =>
            Task.FromResult<IReadOnlyList<AccessToken>>(_all.Where(t => userId is null || t.UserId == userId).ToList());

        public List<(int Id, string? UserId)> Revoked { get; } = [];

        public Task<bool> RevokeAsync(int id, string? userId, string actor, string? ip, CancellationToken ct = default)
        {
            Revoked.Add((id, userId));
            return Task.FromResult(true);
        }
    }
}
