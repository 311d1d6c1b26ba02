using Bunit;
using Coverage.Dashboard.Components.Layout;
using Coverage.Domain.Reports;

namespace Coverage.Dashboard.Tests.Dashboard.Components.Layout;

/// <summary>The 报送 link in the header: for those who work with reports, with a live count of what waits for them.</summary>
public sealed class ReportsNavLinkTests : DashboardBunitContext, IAsyncLifetime
{
    private readonly FakeReportInbox _reports = new();
    private readonly FakeReportNotices _notices = new();

    public ReportsNavLinkTests()
    {
        Services.AddSingleton<IStationReports>(_reports);
        Services.AddSingleton<IReportNotices>(_notices);
        Services.AddSingleton(TimeProvider.System);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public new async Task DisposeAsync() => await base.DisposeAsync();

    private IRenderedComponent<ReportsNavLink> RenderAs(Role role)
    {
        this.SignIn(role);
        return Render<ReportsNavLink>();
    }

    [Fact]
    public void A_prefecture_user_sees_its_pending_count_and_it_follows_new_reports_live()
    {
        _reports.Add(1);
        var cut = RenderAs(Role.PrefectureStaff);
        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-testid=reports-badge]").GetAttribute("data-count")));
        Assert.Equal("reports", cut.Find("a").GetAttribute("href"));

        _reports.Add(2);
        _ = _notices.PublishAsync(new ReportNotice(2, "513401", ReportState.Pending));

        cut.WaitForAssertion(() => Assert.Equal("2", cut.Find("[data-testid=reports-badge]").GetAttribute("data-count")));
        Assert.Contains("2 条报送待您审核", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void A_county_user_counts_its_returned_reports()
    {
        _reports.Add(1);
        _reports.Add(2, state: ReportState.Returned, decisionNote: "请补充");

        var cut = RenderAs(Role.CountyStaff);

        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-testid=reports-badge]").GetAttribute("data-count")));
        Assert.Contains("1 条报送被退回", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void A_burst_of_notices_costs_one_or_two_counts_not_one_each()
    {
        var cut = RenderAs(Role.ProvinceAdmin);
        cut.WaitForAssertion(() => Assert.Equal(1, _notices.SubscriberCount));
        var before = _reports.CountCalls;

        for (var i = 1; i <= 50; i++)
        {
            _reports.Add(i);
            _ = _notices.PublishAsync(new ReportNotice(i, "513401", ReportState.Pending));
        }

        cut.WaitForAssertion(() => Assert.Equal("50", cut.Find("[data-testid=reports-badge]").GetAttribute("data-count")));
        Assert.InRange(_reports.CountCalls - before, 1, 2);
    }

    [Fact]
    public void Notices_outside_the_users_scope_cost_nothing()
    {
        var cut = RenderAs(Role.CountyStaff);
        cut.WaitForAssertion(() => Assert.Equal(1, _notices.SubscriberCount));
        var before = _reports.CountCalls;

        _ = _notices.PublishAsync(new ReportNotice(9, "510104", ReportState.Returned));

        Assert.Equal(before, _reports.CountCalls);
    }

    [Fact]
    public async Task A_notice_from_another_thread_still_renders_in_the_users_language()
    {
        var cut = RenderAs(Role.PrefectureStaff);
        cut.WaitForAssertion(() => Assert.Equal(1, _notices.SubscriberCount));

        _reports.Add(1);
        // The real notices come from the change feed's threads, which run in the server's default culture.
        await Task.Run(() =>
        {
            System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.CurrentUICulture = new("en");
            return _notices.PublishAsync(new ReportNotice(1, "513401", ReportState.Pending));
        });

        cut.WaitForAssertion(() => Assert.Contains("1 条报送待您审核", cut.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public void A_viewer_gets_no_link_and_no_subscription()
    {
        var cut = RenderAs(Role.Viewer);

        Assert.Empty(cut.FindAll("[data-testid=reports-badge]"));
        Assert.Equal(0, _notices.SubscriberCount);
        Assert.Equal(0, _reports.CountCalls);
    }
}
