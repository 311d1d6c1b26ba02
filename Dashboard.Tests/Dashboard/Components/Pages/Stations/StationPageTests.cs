using Bunit;
using Bunit.TestDoubles;
using Coverage.Dashboard.Components.Pages.Stations;
using Coverage.Dashboard.Security;
using Coverage.Domain.Reports;
using Microsoft.AspNetCore.Components;

namespace Coverage.Dashboard.Tests.Dashboard.Components.Pages.Stations;

/// <summary>The station page: its record, who may report, its reports with their outcome, and an unknown id.</summary>
public sealed class StationPageTests : DashboardBunitContext, IAsyncLifetime
{
    private readonly FakeStationReports _reports = new();
    private readonly FakeCoverageFeed _feed = new(Snapshots.Create(Snapshots.Township("513401100000", "安宁镇", StationStatus.Suspended, id: 5)));
    private readonly BunitAuthorizationContext _auth;

    public StationPageTests()
    {
        Services.AddSingleton<TimeProvider>(SichuanClock.At(2026, 11, 29, 10, 0));
        Services.AddSingleton<IStationReports>(_reports);
        Services.AddSingleton<IReportNotices>(_reports);
        Services.AddSingleton<ICoverageFeed>(_feed);
        _auth = AddAuthorization();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        _reports.Stations[5] = FakeStationReports.Detail(FakeStationReports.Station(StationStatus.Suspended));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services dispose asynchronously only.
    public new async Task DisposeAsync() => await base.DisposeAsync();

    private IRenderedComponent<StationPage> RenderPage(int id, string user, Role role, string? scope)
    {
        _auth.SetAuthorized(user);
        var claims = new List<System.Security.Claims.Claim> { new(System.Security.Claims.ClaimTypes.Role, DomainIds.Id(role)) };
        if (scope is not null) claims.Add(new(DashboardClaims.Scope, scope));
        _auth.SetClaims([.. claims]);
        return Render<StationPage>(p => p.Add(c => c.Id, id));
    }

    private static ReportView Report(long id, ReportState state, string? decisionNote = null) => new(id, ReportKind.Change, state, 5,
        "安宁镇社会工作服务站", "513401100000", "安宁镇", "513401", "西昌市", "5134", StationStatus.Suspended, StationStatus.Operating, null,
        new DateOnly(2026, 11, 20), 4, 2, StationServices.Needs, null, "复工", 3, false, "county@test.local",
        new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero), state == ReportState.Pending ? null : "prefecture@test.local",
        state == ReportState.Pending ? null : new DateTimeOffset(2026, 11, 21, 2, 0, 0, TimeSpan.Zero), decisionNote);

    [Fact]
    public void The_head_shows_where_the_station_is_its_dates_staff_and_the_six_services_as_a_checklist()
    {
        var cut = RenderPage(5, "viewer@test.local", Role.Viewer, null);

        cut.WaitForAssertion(() => Assert.Equal("安宁镇社会工作服务站", cut.Find("[data-testid=station-name]").TextContent));
        Assert.Equal("安宁镇 · 西昌市 · 凉山彝族自治州", cut.Find("[data-testid=station-where]").TextContent.Trim());
        Assert.Equal("suspended", cut.Find("[data-testid=station-status]").GetAttribute("data-status"));
        Assert.Contains("2024-06-01", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("社工 3 人，其中持证 1 人", cut.Find("[data-testid=station-staff]").TextContent, StringComparison.Ordinal);
        Assert.Contains("第 3 版，最近由 导入 stations.csv 更新于", cut.Find("[data-testid=station-version]").TextContent, StringComparison.Ordinal);
        var services = cut.FindAll("[data-testid=station-services] li");
        Assert.Equal(6, services.Count);
        Assert.Equal(["needs", "assistance"], services.Where(s => s.GetAttribute("data-offered") == "true").Select(s => s.GetAttribute("data-service")));
        Assert.Empty(cut.FindAll("[data-testid=station-services] input"));
    }

    [Theory]
    [InlineData(Role.Viewer, null, false)]
    [InlineData(Role.CountyStaff, "510104", false)]
    [InlineData(Role.PrefectureStaff, "5101", false)]
    [InlineData(Role.CountyStaff, "513401", true)]
    [InlineData(Role.PrefectureStaff, "5134", true)]
    [InlineData(Role.ProvinceAdmin, null, true)]
    public void Only_users_who_may_report_on_the_station_see_the_form(Role role, string? scope, bool shown)
    {
        var cut = RenderPage(5, "someone@test.local", role, scope);

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=station-name]")));
        Assert.Equal(shown, cut.FindAll("[data-testid=report-form]").Count == 1);
    }

    [Fact]
    public void A_returned_report_shows_its_reason_to_the_county()
    {
        _reports.Reports.Add(Report(2, ReportState.Returned, "日期有误，请核对"));
        _reports.Reports.Add(Report(1, ReportState.Confirmed));

        var cut = RenderPage(5, "county@test.local", Role.CountyStaff, "513401");

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=station-report]").Count));
        var returned = cut.Find("#report-2");
        Assert.Equal("returned", returned.GetAttribute("data-state"));
        Assert.Contains("已退回", returned.TextContent, StringComparison.Ordinal);
        Assert.Contains("退回理由：日期有误，请核对", returned.QuerySelector("[data-testid=station-report-reason]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("已确认", cut.Find("#report-1").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_report_notice_for_the_county_reloads_the_reports()
    {
        var cut = RenderPage(5, "county@test.local", Role.CountyStaff, "513401");
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=station-reports-empty]")));
        cut.WaitForAssertion(() => Assert.Equal(1, _reports.SubscriberCount));

        _reports.Reports.Add(Report(3, ReportState.Pending));
        await _reports.NotifyAsync(new ReportNotice(3, "513401", ReportState.Pending));

        cut.WaitForAssertion(() => Assert.Equal("pending", cut.Find("[data-testid=station-report]").GetAttribute("data-state")));
        await DisposeComponentsAsync();
        Assert.Equal(0, _reports.SubscriberCount);
    }

    [Fact]
    public async Task A_change_of_the_station_on_the_feed_reloads_its_record_and_history()
    {
        var cut = RenderPage(5, "viewer@test.local", Role.Viewer, null);
        cut.WaitForAssertion(() => Assert.Equal("suspended", cut.Find("[data-testid=station-status]").GetAttribute("data-status")));
        cut.WaitForAssertion(() => Assert.True(_feed.SubscriberCount > 0));

        _reports.Stations[5] = FakeStationReports.Detail(FakeStationReports.Station(StationStatus.Operating), version: 4, updatedBy: "prefecture@test.local");
        _reports.History[5] = [new(9, DateTimeOffset.UnixEpoch, StationStatus.Suspended, StationStatus.Operating, BuildMode.CivilAffairsInstitution,
            "prefecture@test.local", 3, "county@test.local", "prefecture@test.local", new DateOnly(2026, 11, 28))];
        var township = Snapshots.Township("513401100000", "安宁镇", StationStatus.Operating, id: 5);
        await _feed.PublishAsync(new CoverageUpdate(Snapshots.Create(township),
            [new StationChangedMessage(9, 5, township.Code, "513401", "5134", StationStatus.Operating, BuildMode.CivilAffairsInstitution, DateTimeOffset.UnixEpoch)],
            Rebuilt: false));

        cut.WaitForAssertion(() => Assert.Equal("operating", cut.Find("[data-testid=station-status]").GetAttribute("data-status")));
        Assert.Contains("第 4 版，最近由 prefecture@test.local", cut.Find("[data-testid=station-version]").TextContent, StringComparison.Ordinal);
        Assert.Contains("报送 #3", cut.Find("[data-testid=history-report]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_id_is_a_page_that_says_so_and_leads_back_to_the_map()
    {
        var cut = RenderPage(999, "viewer@test.local", Role.Viewer, null);

        cut.WaitForAssertion(() => Assert.Equal("没有该站点", cut.Find("[data-testid=station-not-found] h1").TextContent));
        Assert.Equal("/map", cut.Find("[data-testid=station-back-to-map]").GetAttribute("href"));
    }
}
