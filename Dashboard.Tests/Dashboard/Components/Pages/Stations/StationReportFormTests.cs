using Bunit;
using Coverage.Dashboard.Components.Pages.Stations;
using Coverage.Dashboard.Security;
using Coverage.Domain.Reports;
using Microsoft.AspNetCore.Components;

namespace Coverage.Dashboard.Tests.Dashboard.Components.Pages.Stations;

/// <summary>The report form: the lifecycle's actions, the rules shown beside their field as the user types, and what the service answered.</summary>
public sealed class StationReportFormTests : DashboardBunitContext, IAsyncLifetime
{
    private static readonly Actor County = new("county@test.local", Role.CountyStaff, Scope("513401"));
    private static readonly Actor Prefecture = new("prefecture@test.local", Role.PrefectureStaff, Scope("5134"));
    private readonly FakeStationReports _reports = new();

    public StationReportFormTests()
    {
        // 2026-11-29 10:00 in Sichuan (UTC+8).
        Services.AddSingleton<TimeProvider>(SichuanClock.At(2026, 11, 29, 10, 0));
        Services.AddSingleton<IStationReports>(_reports);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services dispose asynchronously only.
    public new async Task DisposeAsync() => await base.DisposeAsync();

    private static AccessScope Scope(string code) => AccessScope.TryParse(code, out var scope) ? scope : throw new ArgumentException(code);

    private IRenderedComponent<StationReportForm> RenderForm(StationRecord station, Actor? actor = null)
    {
        _reports.Stations[station.Id] = FakeStationReports.Detail(station);
        return Render<StationReportForm>(p => p
            .Add(c => c.Detail, _reports.Stations[station.Id])
            .Add(c => c.Actor, actor ?? County));
    }

    [Theory]
    [InlineData(StationStatus.Planned, true, "StartConstruction,UpdateOnly")]
    [InlineData(StationStatus.UnderConstruction, false, "GoLive,Suspend,UpdateOnly")]
    [InlineData(StationStatus.Operating, true, "Suspend,UpdateOnly")]
    [InlineData(StationStatus.Suspended, true, "Resume,UpdateOnly")]
    [InlineData(StationStatus.Suspended, false, "Resume,UpdateOnly")]
    public void The_form_offers_only_the_steps_the_lifecycle_allows(StationStatus status, bool goneLive, string expected)
    {
        var cut = RenderForm(FakeStationReports.Station(status, goneLive));

        Assert.Equal(expected.Split(','), cut.FindAll("[data-testid=report-action]").Select(a => a.GetAttribute("data-action")));
    }

    [Theory]
    [InlineData(true, "恢复（→ 运营中）")]
    [InlineData(false, "恢复（→ 建设中）")]
    public void A_suspension_resumes_where_it_began(bool goneLive, string label)
    {
        var cut = RenderForm(FakeStationReports.Station(StationStatus.Suspended, goneLive));

        Assert.Equal(label, cut.Find("label[for=report-action-Resume]").TextContent);
        Assert.True(cut.Find("#report-action-Resume").HasAttribute("checked"));
    }

    [Fact]
    public void More_certified_social_workers_than_social_workers_is_named_beside_the_certified_field()
    {
        var cut = RenderForm(FakeStationReports.Station(StationStatus.UnderConstruction, goneLive: false));
        Assert.DoesNotContain("持证社工人数不能超过社工总数", cut.Markup, StringComparison.Ordinal);

        cut.Find("#report-certified").Input("9");

        cut.WaitForAssertion(() => Assert.Contains("持证社工人数不能超过社工总数", cut.Find("[data-testid=report-certified]").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain("持证", cut.Find("[data-testid=report-staff]").TextContent.Replace("社工总数", "", StringComparison.Ordinal), StringComparison.Ordinal);

        cut.Find("#report-social-workers").Input("12");
        cut.WaitForAssertion(() => Assert.DoesNotContain("持证社工人数不能超过社工总数", cut.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public void A_future_effective_date_is_named_beside_the_date_and_nothing_is_sent()
    {
        var cut = RenderForm(FakeStationReports.Station(StationStatus.UnderConstruction, goneLive: false));
        Assert.Equal("2026-11-29", cut.Find("#report-effective-on").GetAttribute("value"));

        cut.Find("#report-effective-on").Input("2026-11-30");
        cut.WaitForAssertion(() => Assert.Contains("生效日期不能晚于今天", cut.Find("[data-testid=report-effective]").TextContent, StringComparison.Ordinal));

        cut.Find("form").Submit();
        cut.WaitForAssertion(() => Assert.Contains("请先修正标出的内容", cut.Find("[data-testid=report-error]").TextContent, StringComparison.Ordinal));
        Assert.Empty(_reports.Submitted);
    }

    [Fact]
    public void A_date_before_the_stations_latest_date_is_named_too()
    {
        var cut = RenderForm(FakeStationReports.Station(StationStatus.UnderConstruction, goneLive: false));

        cut.Find("#report-effective-on").Input("2022-04-30");

        cut.WaitForAssertion(() => Assert.Contains("生效日期不能早于站点最近一次记录的日期", cut.Find("[data-testid=report-effective]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void A_county_submission_is_pending_and_carries_the_forms_idempotency_key()
    {
        var cut = RenderForm(FakeStationReports.Station(StationStatus.UnderConstruction, goneLive: false));
        Assert.Contains("报送进展", cut.Markup, StringComparison.Ordinal);

        cut.Find("#report-social-workers").Input("5");
        cut.Find("#report-service-care").Change(true);
        cut.WaitForAssertion(() => Assert.Equal("5", cut.Find("#report-social-workers").GetAttribute("value")));
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("待审核", cut.Find("[data-testid=report-result]").TextContent, StringComparison.Ordinal));
        var (stationId, draft, key, actor) = Assert.Single(_reports.Submitted);
        Assert.Equal(5, stationId);
        Assert.Equal(new ReportDraft(StationStatus.Operating, new DateOnly(2026, 11, 29), 5, 1,
            StationServices.Needs | StationServices.Assistance | StationServices.Care, "西昌市民政服务中心", null), draft);
        Assert.False(string.IsNullOrEmpty(key));
        Assert.Same(County, actor);
    }

    [Fact]
    public void A_retry_after_a_failure_sends_the_same_key_and_a_success_starts_a_new_one()
    {
        var cut = RenderForm(FakeStationReports.Station(StationStatus.UnderConstruction, goneLive: false));
        _reports.Answer = () => ReportResult.Denied("not now");

        cut.Find("form").Submit();
        cut.WaitForAssertion(() => Assert.Single(_reports.Submitted));
        _reports.Answer = null;
        cut.Find("form").Submit();
        cut.WaitForAssertion(() => Assert.Equal(2, _reports.Submitted.Count));
        cut.Find("form").Submit();
        cut.WaitForAssertion(() => Assert.Equal(3, _reports.Submitted.Count));

        var keys = _reports.Submitted.Select(s => s.Key).ToList();
        Assert.Equal(keys[0], keys[1]);
        Assert.NotEqual(keys[1], keys[2]);
    }

    [Fact]
    public void The_servers_rule_is_shown_beside_its_field()
    {
        var cut = RenderForm(FakeStationReports.Station(StationStatus.UnderConstruction, goneLive: false));
        _reports.Answer = () => ReportResult.Invalid([new ReportProblem(ReportRules.EffectiveOnField, ReportRule.EffectiveBeforeLast, "before")]);

        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("生效日期不能早于站点最近一次记录的日期", cut.Find("[data-testid=report-effective]").TextContent, StringComparison.Ordinal));
        Assert.Contains("报送未被接受", cut.Find("[data-testid=report-error]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_conflict_says_when_and_by_whom_the_station_changed()
    {
        var cut = RenderForm(FakeStationReports.Station(StationStatus.UnderConstruction, goneLive: false));
        _reports.Answer = () => new ReportResult(ReportOutcome.Conflict, Rule: ReportRule.StationChanged,
            Changed: new StationChangedSince(4, new DateTimeOffset(2026, 11, 29, 1, 30, 0, TimeSpan.Zero), "sql:coverage"));

        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("该站点已于 2026-11-29 09:30 被 数据库 coverage 更新，请核对后重新提交。",
            cut.Find("[data-testid=report-error]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void Nothing_changed_is_only_reproached_once_the_user_submits()
    {
        var cut = RenderForm(FakeStationReports.Station(StationStatus.Operating));
        Assert.Equal("UpdateOnly", cut.FindAll("[data-testid=report-action]").Single(a => a.HasAttribute("checked")).GetAttribute("data-action"));
        Assert.Equal("", cut.Find("[data-testid=report-status-error]").TextContent);

        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("没有变化", cut.Find("[data-testid=report-status-error]").TextContent, StringComparison.Ordinal));
        Assert.Empty(_reports.Submitted);
    }

    [Fact]
    public void A_prefecture_user_records_directly_and_is_told_it_took_effect()
    {
        var cut = RenderForm(FakeStationReports.Station(StationStatus.Suspended), Prefecture);
        Assert.Contains("直接记录", cut.Find("#report-form-title").TextContent, StringComparison.Ordinal);

        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("已直接记录并生效", cut.Find("[data-testid=report-result]").TextContent, StringComparison.Ordinal));
        Assert.Equal(StationStatus.Operating, Assert.Single(_reports.Submitted).Draft.Status);
    }
}
