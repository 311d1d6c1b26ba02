using System.Security.Claims;
using Bunit;
using Coverage.Dashboard.Components.Layout;
using Coverage.Dashboard.Security;
using Coverage.Dashboard.Services;
using Coverage.Domain.Access;
using Coverage.Domain.Reports;
using Coverage.Domain.Stations;
using Microsoft.AspNetCore.Components;

namespace Coverage.Dashboard.Tests.Dashboard.Components.Layout;

/// <summary>
/// The header's links as plain markup (one location handler in the layout, not a NavLink per link): the link of the current
/// route is marked active with <c>aria-current="page"</c>, on every route and after client-side navigation.
/// </summary>
public sealed class MainLayoutTests : DashboardBunitContext, IAsyncLifetime
{
    private readonly FakeReportInbox _reports = new();

    public MainLayoutTests()
    {
        Services.AddSingleton<IStationReports>(_reports);
        Services.AddSingleton<IReportNotices>(new FakeReportNotices());
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton<ICoverageFeed>(new FakeCoverageFeed(Snapshots.Create()));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services dispose asynchronously only.
    public new async Task DisposeAsync() => await base.DisposeAsync();

    private IRenderedComponent<MainLayout> Open(Role role, string path)
    {
        // As InboxUsers.SignIn, and the admin policy for the one role it admits (the header's admin links).
        var auth = AddAuthorization();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        auth.SetAuthorized(TestUsers.Email(role));
        var claims = new List<Claim> { new(ClaimTypes.Role, DomainIds.Id(role)) };
        if (TestUsers.Scope(role) is { } scope) claims.Add(new(DashboardClaims.Scope, scope));
        auth.SetClaims([.. claims]);
        if (role == Role.ProvinceAdmin) auth.SetPolicies(Policies.Admin);
        Services.GetRequiredService<NavigationManager>().NavigateTo(path);
        return Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "body"))));
    }

    private static string[] Current(IRenderedComponent<MainLayout> cut) =>
        [.. cut.FindAll(".app-menu a[aria-current=page]").Select(a => a.GetAttribute("href") ?? "")];

    public static TheoryData<string, string> Routes => new()
    {
        { "/", "/" },
        { "/?prefecture=5134", "/" },
        { "map", "map" },
        { "map?county=513401#x", "map" },
        { "gaps", "gaps" },
        { "indicators", "indicators" },
        { "wall", "wall" },
        { "reports", "reports" },
        { "reports/12", "reports" },
        { "admin/users", "admin/users" },
        { "admin/displays", "admin/displays" },
        { "admin/import", "admin/import" },
        { "admin/audit", "admin/audit" },
        { "account/tokens", "account/tokens" },
        { "account/password", "account/password" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public void The_link_of_the_current_route_and_only_it_is_the_current_page(string path, string link)
    {
        var cut = Open(Role.ProvinceAdmin, path);

        cut.WaitForAssertion(() => Assert.Equal([link], Current(cut)));
        var active = cut.Find($".app-menu a[href='{link}']");
        Assert.Contains("active", active.ClassList);
        Assert.All(cut.FindAll(".app-menu a.mud-nav-link").Where(a => a.GetAttribute("href") != link), a =>
        {
            Assert.DoesNotContain("active", a.ClassList);
            Assert.Null(a.GetAttribute("aria-current"));
        });
    }

    [Fact]
    public void The_current_link_follows_client_side_navigation()
    {
        var cut = Open(Role.ProvinceAdmin, "/");
        cut.WaitForAssertion(() => Assert.Equal(["/"], Current(cut)));
        var navigation = Services.GetRequiredService<NavigationManager>();

        navigation.NavigateTo("map?prefecture=5134");
        cut.WaitForAssertion(() => Assert.Equal(["map"], Current(cut)));
        navigation.NavigateTo("admin/audit");
        cut.WaitForAssertion(() => Assert.Equal(["admin/audit"], Current(cut)));
        navigation.NavigateTo("mapping");
        cut.WaitForAssertion(() => Assert.Empty(Current(cut)));
    }

    [Fact]
    public void A_viewer_sees_the_public_links_and_not_the_admin_or_report_ones()
    {
        var cut = Open(Role.Viewer, "/");

        var links = cut.FindAll(".app-menu a.mud-nav-link").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["/", "map", "gaps", "indicators", "wall", "account/tokens", "account/password"], links);
        Assert.Empty(cut.FindAll(".app-admin"));
    }
}
