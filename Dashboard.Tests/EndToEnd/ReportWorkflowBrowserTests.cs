using Coverage.Domain.Reports;
using Microsoft.Playwright;

namespace Coverage.Dashboard.Tests.EndToEnd;

/// <summary>
/// The reporting workflow across browsers, on the real app and PostGIS: a county reports, its prefecture decides from the inbox,
/// and every open screen follows — the badge, the county's inbox, and a wall that nobody touches.
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class ReportWorkflowBrowserTests(PostgisFixture postgis) : DashboardAppTest(postgis)
{
    /// <summary>安宁镇 (西昌市, 凉山州): station 5, suspended in the fixture seed.</summary>
    private const int AnningStation = 5;
    private const string Anning = "513401100000";

    private async Task<ReportResult> SubmitAsync(Role role, ReportDraft draft)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<IStationReports>().SubmitAsync(TestUsers.ActorOf(role), AnningStation, draft, null, "127.0.0.1");
        Assert.True(result.Succeeded, $"{result.Outcome}: {result.Error}");
        return result;
    }

    private static ReportDraft Draft(StationStatus status, int socialWorkers = 4) => new(
        status, DateOnly.FromDateTime(DateTime.UtcNow), socialWorkers, 1, StationServices.Needs | StationServices.Assistance, "西昌市民政服务中心", "测试报送");

    private static ILocator Row(IPage page, long reportId) => page.Locator($"[data-testid=report-row][data-report-id='{reportId}']");

    private static ILocator Badge(IPage page) => page.Locator("[data-testid=reports-badge]");

    private async Task<IPage> OpenMapAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(Url("/map"));
        await Assertions.Expect(page.Locator("[data-testid=coverage-map][data-painted]")).ToHaveCountAsync(1);
        return page;
    }

    [Fact]
    public async Task A_county_report_confirmed_from_the_inbox_pulses_on_the_wall_enters_the_ticker_and_adds_one_operating_station()
    {
        // 安宁镇's station is being built again, as an outside writer records it: the county's report makes it go live (投运).
        await App.Database.ExecuteAsync("UPDATE stations SET status = 'underConstruction', operating_since = NULL, suspended_on = NULL WHERE id = 5");

        // Context 3: a wall opened with a display link, never touched again.
        var link = await App.Services.GetRequiredService<IDisplayLinks>().CreateAsync("指挥中心", null, null, "tests", null);
        await using var wallContext = await App.NewContextAsync(role: null);
        var wall = await wallContext.NewPageAsync();
        await MapProbe.InstallAsync(wall);
        await wall.GotoAsync(Url($"/wall?display={link.Secret}"));
        await Assertions.Expect(wall.Locator("[data-testid=coverage-map][data-painted]")).ToHaveCountAsync(1);
        await Assertions.Expect(wall.Locator("[data-testid=wall-operating] .flip-value")).ToHaveAttributeAsync("aria-label", "2");

        // Context 2: the prefecture user (凉山) works on the map; nothing waits for it yet.
        await using var prefectureContext = await App.NewContextAsync(role: Role.PrefectureStaff);
        var prefecture = await OpenMapAsync(prefectureContext);
        await Assertions.Expect(Badge(prefecture)).ToHaveAttributeAsync("data-count", "0");

        // Context 1: the county user (西昌市) reports the go-live on the station page.
        await using var countyContext = await App.NewContextAsync(role: Role.CountyStaff);
        var county = await countyContext.NewPageAsync();
        await county.GotoAsync(Url($"/stations/{AnningStation}"));
        await county.Locator("#report-action-GoLive").CheckAsync();
        await county.Locator("#report-note").FillAsync("已投运");
        await county.Locator("[data-testid=report-submit]").ClickAsync();
        await Assertions.Expect(county.Locator("[data-testid=report-result]")).ToContainTextAsync("待审核");
        var reportId = long.Parse((await county.Locator("[data-testid=station-report]").First.GetAttributeAsync("data-report-id"))!,
            System.Globalization.CultureInfo.InvariantCulture);

        // The prefecture's badge counts it without a reload; one click on the link, one on 确认.
        await Assertions.Expect(Badge(prefecture)).ToHaveAttributeAsync("data-count", "1");
        await prefecture.Locator("[data-testid=reports-badge] a").ClickAsync();
        await Assertions.Expect(Row(prefecture, reportId)).ToHaveAttributeAsync("data-state", "pending");
        await Assertions.Expect(Row(prefecture, reportId).Locator("[data-testid=report-change]")).ToHaveTextAsync("建设中 → 运营中");
        var pulse = await MapProbe.WatchForPulseAsync(wall, Anning);

        await Row(prefecture, reportId).Locator("[data-testid=report-confirm]").ClickAsync();

        await Assertions.Expect(Row(prefecture, reportId).Locator("[data-testid=report-outcome]")).ToHaveAttributeAsync("data-outcome", "confirmed");
        await Assertions.Expect(Row(prefecture, reportId)).ToHaveAttributeAsync("data-state", "confirmed");
        await Assertions.Expect(Badge(prefecture)).ToHaveAttributeAsync("data-count", "0");
        await prefecture.ScreenshotAsync(new() { Path = Artifacts.PathFor("report-inbox.png"), FullPage = true });

        // The wall: the pulse on 安宁镇, the ticker entry, one more operating station.
        await pulse;
        await Assertions.Expect(wall.Locator("[data-testid=ticker] .ticker-item[data-event-id]").First).ToContainTextAsync("安宁镇");
        await Assertions.Expect(wall.Locator("[data-testid=wall-operating] .flip-value")).ToHaveAttributeAsync("aria-label", "3");

        // The county sees the outcome of its report.
        await county.GotoAsync(Url("/reports"));
        await Assertions.Expect(Row(county, reportId)).ToHaveAttributeAsync("data-state", "confirmed");
        await Assertions.Expect(Row(county, reportId).Locator("[data-testid=report-decision]")).ToContainTextAsync(TestUsers.Email(Role.PrefectureStaff));
        await wall.ScreenshotAsync(new() { Path = Artifacts.PathFor("report-workflow-wall.png") });
    }

    [Fact]
    public async Task A_returned_report_reaches_the_county_inbox_with_its_reason_and_the_county_badge_counts_it()
    {
        await using var countyContext = await App.NewContextAsync(role: Role.CountyStaff);
        var county = await OpenMapAsync(countyContext);
        await Assertions.Expect(Badge(county)).ToHaveAttributeAsync("data-count", "0");
        var reportId = (await SubmitAsync(Role.CountyStaff, Draft(StationStatus.Operating))).Report!.Id;
        await county.Locator("[data-testid=reports-badge] a").ClickAsync();
        await Assertions.Expect(Row(county, reportId)).ToHaveAttributeAsync("data-state", "pending");
        await Assertions.Expect(county.Locator("[data-testid=report-confirm]")).ToHaveCountAsync(0);

        await using var prefectureContext = await App.NewContextAsync(role: Role.PrefectureStaff);
        var prefecture = await prefectureContext.NewPageAsync();
        await prefecture.GotoAsync(Url("/reports?state=pending"));
        var row = Row(prefecture, reportId);
        await row.Locator("[data-testid=report-return]").ClickAsync();
        await row.Locator($"#report-reason-{reportId}").FillAsync("持证社工人数与花名册不符，请核对");
        await row.Locator("[data-testid=report-return-submit]").ClickAsync();
        await Assertions.Expect(row.Locator("[data-testid=report-outcome]")).ToHaveAttributeAsync("data-outcome", "returned");

        // The county's open inbox and its badge follow without a reload.
        await Assertions.Expect(Row(county, reportId)).ToHaveAttributeAsync("data-state", "returned");
        await Assertions.Expect(Row(county, reportId).Locator("[data-testid=report-state]")).ToHaveTextAsync("已退回");
        await Assertions.Expect(Row(county, reportId).Locator("[data-testid=report-decision-note]")).ToHaveTextAsync("退回原因：持证社工人数与花名册不符，请核对");
        await Assertions.Expect(Badge(county)).ToHaveAttributeAsync("data-count", "1");
        Assert.Equal("suspended", await App.Database.ScalarAsync<string>("SELECT status FROM stations WHERE id = 5"));
    }

    [Fact]
    public async Task Confirming_a_report_on_a_station_changed_since_says_who_changed_it_and_applies_nothing()
    {
        var reportId = (await SubmitAsync(Role.CountyStaff, Draft(StationStatus.Operating))).Report!.Id;
        // Meanwhile a province admin records a change of staff directly.
        var direct = await SubmitAsync(Role.ProvinceAdmin, Draft(StationStatus.Suspended, socialWorkers: 6));
        Assert.Equal(ReportState.Confirmed, direct.Report!.State);

        await using var prefectureContext = await App.NewContextAsync(role: Role.PrefectureStaff);
        var prefecture = await prefectureContext.NewPageAsync();
        await prefecture.GotoAsync(Url("/reports"));
        var row = Row(prefecture, reportId);
        await row.Locator("[data-testid=report-confirm]").ClickAsync();

        var outcome = row.Locator("[data-testid=report-outcome]");
        await Assertions.Expect(outcome).ToHaveAttributeAsync("data-outcome", "conflict");
        await Assertions.Expect(outcome).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(
            $@"^该站点已于 \d{{4}}-\d\d-\d\d \d\d:\d\d 被 {System.Text.RegularExpressions.Regex.Escape(TestUsers.AdminEmail)} 更新，请核对后重新提交。$"));
        await Assertions.Expect(row).ToHaveAttributeAsync("data-state", "pending");
        Assert.Equal("suspended", await App.Database.ScalarAsync<string>("SELECT status FROM stations WHERE id = 5"));
        Assert.Equal(6, await App.Database.ScalarAsync<int>("SELECT social_workers FROM stations WHERE id = 5"));
    }
}
