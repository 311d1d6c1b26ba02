using Bunit;
using Coverage.Dashboard.Components.Pages.Reports;
using Coverage.Dashboard.Services;
using Coverage.Domain.Reports;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Time.Testing;

namespace Coverage.Dashboard.Tests.Dashboard.Components.Pages.Reports;

/// <summary>The inbox over an in-memory workflow: rows in scope, actions only for deciders, and what the service answered, in place.</summary>
public sealed class ReportsPageTests : DashboardBunitContext, IAsyncLifetime
{
    private readonly FakeReportInbox _reports = new();
    private readonly FakeReportNotices _notices = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));

    public ReportsPageTests()
    {
        _clock.SetLocalTimeZone(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
        Services.AddSingleton<IStationReports>(_reports);
        Services.AddSingleton<IReportNotices>(_notices);
        Services.AddSingleton<TimeProvider>(_clock);
        Services.AddSingleton<ICoverageFeed>(new FakeCoverageFeed(Snapshots.Create()));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services dispose asynchronously only.
    public new async Task DisposeAsync() => await base.DisposeAsync();

    private IRenderedComponent<ReportsPage> Open(Role? role, string query = "")
    {
        this.SignIn(role);
        Services.GetRequiredService<NavigationManager>().NavigateTo("reports" + query);
        return Render<ReportsPage>();
    }

    private static IReadOnlyList<string?> RowIds(IRenderedComponent<ReportsPage> cut) =>
        cut.FindAll("[data-testid=report-row]").Select(r => r.GetAttribute("data-report-id")).ToList();

    [Fact]
    public void A_prefecture_user_sees_the_pending_reports_of_its_prefecture_each_with_confirm_and_return()
    {
        _reports.Add(1);
        _reports.Add(2, township: "510104017000");
        _reports.Add(3, state: ReportState.Confirmed);

        var cut = Open(Role.PrefectureStaff);

        cut.WaitForAssertion(() => Assert.Equal(["1"], RowIds(cut)));
        var row = cut.Find("[data-testid=report-row]");
        Assert.Equal("stations/1", row.QuerySelector("a[data-testid=report-station]")!.GetAttribute("href"));
        Assert.Contains("乡镇1 · 西昌市", row.TextContent, StringComparison.Ordinal);
        Assert.Equal("建设中 → 运营中", row.QuerySelector("[data-testid=report-change]")!.TextContent.Trim());
        Assert.Contains("2 / 6", row.TextContent, StringComparison.Ordinal);
        Assert.Equal("待审核", row.QuerySelector("[data-testid=report-state]")!.TextContent.Trim());
        Assert.NotNull(row.QuerySelector("[data-testid=report-confirm]"));
        Assert.NotNull(row.QuerySelector("[data-testid=report-return]"));
        Assert.Equal(new ReportQuery(ReportState.Pending, "5134", null), _reports.Queries.Last());
        Assert.Equal("page", cut.Find("[data-testid=reports-tab-pending]").GetAttribute("aria-current"));
    }

    [Fact]
    public void A_county_user_sees_its_reports_and_why_one_was_returned_but_no_decision_buttons()
    {
        _reports.Add(1);
        _reports.Add(2, state: ReportState.Returned, decisionNote: "人数与花名册不符");
        _reports.Add(3, township: "510104017000");

        var cut = Open(Role.CountyStaff);

        cut.WaitForAssertion(() => Assert.Equal(["2", "1"], RowIds(cut)));
        Assert.Empty(cut.FindAll("[data-testid=report-confirm]"));
        Assert.Empty(cut.FindAll("[data-testid=report-return]"));
        var returned = cut.Find("[data-report-id='2']");
        Assert.Equal("已退回", returned.QuerySelector("[data-testid=report-state]")!.TextContent.Trim());
        Assert.Equal("退回原因：人数与花名册不符", returned.QuerySelector("[data-testid=report-decision-note]")!.TextContent.Trim());
        Assert.Equal(new ReportQuery(null, "5134", "513401"), _reports.Queries.Last());
        Assert.Equal("page", cut.Find("[data-testid=reports-tab-recent]").GetAttribute("aria-current"));
    }

    [Fact]
    public void A_proposal_names_the_proposed_station_without_a_link()
    {
        _reports.Add(7, township: "513401200000", kind: ReportKind.Proposal);

        var cut = Open(Role.ProvinceAdmin);

        cut.WaitForAssertion(() => Assert.Equal(["7"], RowIds(cut)));
        var row = cut.Find("[data-testid=report-row]");
        Assert.Equal("span", row.QuerySelector("[data-testid=report-station]")!.TagName, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("新建站点申请", row.TextContent, StringComparison.Ordinal);
        Assert.Equal("— → 规划中", row.QuerySelector("[data-testid=report-change]")!.TextContent.Trim());
    }

    [Fact]
    public void Confirming_takes_one_click_with_an_optional_comment_and_the_row_stays_to_say_so()
    {
        _reports.Add(1);
        var cut = Open(Role.PrefectureStaff);
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=report-confirm]")));

        cut.Find("#report-comment-1").Input("核对无误");
        cut.Find("[data-testid=report-confirm]").Click();

        cut.WaitForAssertion(() => Assert.Equal("confirmed", cut.Find("[data-testid=report-outcome]").GetAttribute("data-outcome")));
        Assert.Equal(("confirm", 1L, (string?)"核对无误", "prefectureStaff@test.local"), Assert.Single(_reports.Decisions));
        Assert.Contains("已确认", cut.Find("[data-testid=report-outcome]").TextContent, StringComparison.Ordinal);
        Assert.Equal("confirmed", cut.Find("[data-testid=report-row]").GetAttribute("data-state"));
        Assert.Empty(cut.FindAll("[data-testid=report-confirm]"));
    }

    [Fact]
    public void A_decided_row_keeps_its_answer_when_the_reload_its_notice_causes_comes_back_first()
    {
        _reports.Add(1);
        _reports.WhileDeciding = async () =>
        {
            // The decision's own notice reloads the pending list — without the report — before the service has answered.
            var listed = _reports.NextList = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await _notices.PublishAsync(new ReportNotice(1, "513401", ReportState.Confirmed));
            await listed.Task;
        };
        var cut = Open(Role.PrefectureStaff);
        cut.WaitForAssertion(() => Assert.Equal(1, _notices.SubscriberCount));

        cut.Find("[data-testid=report-confirm]").Click();

        cut.WaitForAssertion(() => Assert.Equal("confirmed", cut.Find("[data-testid=report-outcome]").GetAttribute("data-outcome")));
        Assert.Equal(["1"], RowIds(cut));
        Assert.Equal(2, _reports.Queries.Count);
    }

    [Fact]
    public void A_report_on_a_station_changed_since_answers_who_changed_it_and_when()
    {
        _reports.Add(1);
        _reports.Answer = _ => new ReportResult(ReportOutcome.Conflict, Rule: ReportRule.StationChanged,
            Changed: new StationChangedSince(5, new DateTimeOffset(2026, 11, 29, 2, 30, 0, TimeSpan.Zero), "sql:coverage"));
        var cut = Open(Role.PrefectureStaff);
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=report-confirm]")));

        cut.Find("[data-testid=report-confirm]").Click();

        cut.WaitForAssertion(() => Assert.Equal("conflict", cut.Find("[data-testid=report-outcome]").GetAttribute("data-outcome")));
        Assert.Equal("该站点已于 2026-11-29 10:30 被 数据库 coverage 更新，请核对后重新提交。", cut.Find("[data-testid=report-outcome]").TextContent.Trim());
        Assert.Equal("pending", cut.Find("[data-testid=report-row]").GetAttribute("data-state"));
    }

    [Theory]
    [InlineData(ReportOutcome.Denied, ReportRule.FourEyes, "不能确认本人提交的报送")]
    [InlineData(ReportOutcome.Conflict, ReportRule.AlreadyDecided, "该报送已被确认或退回")]
    public void A_refusal_says_which_rule_in_Chinese(ReportOutcome outcome, ReportRule rule, string text)
    {
        _reports.Add(1);
        _reports.Answer = _ => new ReportResult(outcome, Rule: rule, Error: "refused");
        var cut = Open(Role.ProvinceAdmin);
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=report-confirm]")));

        cut.Find("[data-testid=report-confirm]").Click();

        cut.WaitForAssertion(() => Assert.Equal(DomainIds.Id(rule), cut.Find("[data-testid=report-outcome]").GetAttribute("data-outcome")));
        Assert.Contains(text, cut.Find("[data-testid=report-outcome]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Returning_asks_for_a_reason_and_sends_nothing_without_one()
    {
        _reports.Add(1);
        var cut = Open(Role.PrefectureStaff);
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=report-return]")));

        cut.Find("[data-testid=report-return]").Click();
        cut.Find("[data-testid=report-return-submit]").Click();

        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find("#report-reason-1").GetAttribute("aria-invalid")));
        Assert.Contains("请填写理由", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(_reports.Decisions);

        cut.Find("#report-reason-1").Input("持证人数有误");
        cut.Find("[data-testid=report-return-submit]").Click();

        cut.WaitForAssertion(() => Assert.Equal("returned", cut.Find("[data-testid=report-outcome]").GetAttribute("data-outcome")));
        Assert.Equal(("return", 1L, (string?)"持证人数有误", "prefectureStaff@test.local"), Assert.Single(_reports.Decisions));
        Assert.Equal("退回原因：持证人数有误", cut.Find("[data-testid=report-decision-note]").TextContent.Trim());
    }

    [Fact]
    public void The_list_follows_reports_in_scope_as_they_come_in()
    {
        var cut = Open(Role.PrefectureStaff);
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=reports-empty]")));

        _reports.Add(4);
        _ = _notices.PublishAsync(new ReportNotice(4, "513401", ReportState.Pending));

        cut.WaitForAssertion(() => Assert.Equal(["4"], RowIds(cut)));
    }

    [Fact]
    public void A_county_outside_the_users_prefecture_is_ignored_and_said_so()
    {
        var cut = Open(Role.PrefectureStaff, "?state=returned&county=510104");

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=reports-empty]")));
        Assert.Contains("county", cut.Find("[data-testid=ignored-parameters]").TextContent, StringComparison.Ordinal);
        Assert.Equal(new ReportQuery(ReportState.Returned, "5134", null), _reports.Queries.Last());
        Assert.Equal("reports?prefecture=5134&state=pending", cut.Find("[data-testid=reports-tab-pending]").GetAttribute("href"));
    }

    [Fact]
    public void A_viewer_is_told_the_inbox_is_for_report_staff()
    {
        _reports.Add(1);
        var cut = Open(Role.Viewer);

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=reports-not-for-role]")));
        Assert.Empty(cut.FindAll("[data-testid=report-row]"));
        Assert.Empty(_reports.Queries);
        Assert.Equal(0, _notices.SubscriberCount);
    }

    [Fact]
    public async Task Leaving_the_page_ends_its_subscription()
    {
        var cut = Open(Role.PrefectureStaff);
        cut.WaitForAssertion(() => Assert.Equal(1, _notices.SubscriberCount));

        await DisposeComponentsAsync();

        Assert.Equal(0, _notices.SubscriberCount);
    }
}
