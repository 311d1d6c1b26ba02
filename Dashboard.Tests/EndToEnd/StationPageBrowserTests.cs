using Coverage.Domain.Reports;
using Microsoft.Playwright;

namespace Coverage.Dashboard.Tests.EndToEnd;

/// <summary>
/// The station page in a real browser over the fixture seed: 西昌市 (513401) has station 5 (安宁镇, suspended after going live) and
/// two townships without a station (大兴乡 513401200000, 西昌农场).
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class StationPageBrowserTests(PostgisFixture postgis) : DashboardAppTest(postgis)
{
    private const int Station = 5;

    private static ILocator PaintedMap(IPage page) => page.Locator("[data-testid=coverage-map][data-painted]");

    private async Task<IReadOnlyList<ReportView>> ReportsAsync(Role role, int? station = null)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var actor = new Actor(TestUsers.Email(role), role, AccessScope.TryParse(TestUsers.Scope(role), out var s) ? s : AccessScope.Province);
        return await scope.ServiceProvider.GetRequiredService<IStationReports>().ListAsync(actor, new ReportQuery(StationId: station));
    }

    [Fact]
    public async Task A_county_user_opens_its_station_from_the_map_table_and_reports_a_resumption_that_waits_for_confirmation()
    {
        var page = await App.NewPageAsync(1600, 1000, Role.CountyStaff);
        await page.GotoAsync(Url("/map?prefecture=5134&county=513401"));
        await Assertions.Expect(PaintedMap(page)).ToBeVisibleAsync();

        await page.Locator("[data-testid=township-row][data-code='513401100000']").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(Url($"/stations/{Station}"));
        await Assertions.Expect(page.Locator("[data-testid=station-name]")).ToHaveTextAsync("安宁镇社会工作服务站");
        await Assertions.Expect(page.Locator("[data-testid=station-where]")).ToContainTextAsync("安宁镇 · 西昌市 · 凉山彝族自治州");
        await Assertions.Expect(page.Locator("[data-testid=station-status]")).ToHaveAttributeAsync("data-status", "suspended");
        await Assertions.Expect(page.Locator("[data-testid=station-history] [data-testid=history-row]").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=report-action]")).ToHaveCountAsync(2);

        // The rule shows beside its field as the user types, before anything is sent.
        await page.Locator("#report-action-Resume").CheckAsync();
        await page.Locator("#report-social-workers").FillAsync("4");
        await page.Locator("#report-certified").FillAsync("6");
        await Assertions.Expect(page.Locator("[data-testid=report-certified]")).ToContainTextAsync("持证社工人数不能超过社工总数");
        await page.Locator("#report-certified").FillAsync("2");
        await Assertions.Expect(page.Locator("[data-testid=report-certified]")).Not.ToContainTextAsync("持证社工人数不能超过社工总数");
        await page.Locator("#report-service-care").CheckAsync();
        await page.Locator("#report-note").FillAsync("社工已返岗");

        await page.Locator("[data-testid=report-submit]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=report-result]")).ToContainTextAsync("待审核");
        var row = page.Locator("[data-testid=station-report]");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToHaveAttributeAsync("data-state", "pending");
        await Assertions.Expect(row).ToContainTextAsync("暂停 → 运营中");
        await Assertions.Expect(row).ToContainTextAsync("社工已返岗");
        // Pending: the station itself is unchanged until the prefecture confirms.
        await Assertions.Expect(page.Locator("[data-testid=station-status]")).ToHaveAttributeAsync("data-status", "suspended");
        await page.ScreenshotAsync(new() { Path = Artifacts.PathFor("station-page-report-pending.png"), FullPage = true });

        var report = Assert.Single(await ReportsAsync(Role.PrefectureStaff, Station));
        Assert.Equal((ReportState.Pending, StationStatus.Operating, 4, 2, TestUsers.Email(Role.CountyStaff)),
            (report.State, report.Status, report.SocialWorkers, report.CertifiedSocialWorkers, report.SubmittedBy));
        Assert.Equal(StationServices.Needs | StationServices.Assistance | StationServices.Care, report.Services);
    }

    [Fact]
    public async Task An_unknown_station_id_answers_404_with_a_page_that_leads_back_to_the_map()
    {
        var page = await App.NewPageAsync(1280, 800, Role.Viewer);

        var response = await page.GotoAsync(Url("/stations/999999"));

        Assert.Equal(404, response!.Status);
        await Assertions.Expect(page.Locator("[data-testid=station-not-found] h1")).ToHaveTextAsync("没有该站点");
        await page.Locator("[data-testid=station-back-to-map]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(Url("/map"));
    }

    [Fact]
    public async Task A_county_user_proposes_a_station_from_the_map_popup_of_a_township_without_one()
    {
        var page = await App.NewPageAsync(1600, 1000, Role.CountyStaff);
        await MapProbe.InstallAsync(page);
        await page.GotoAsync(Url("/map?prefecture=5134&county=513401"));
        await Assertions.Expect(PaintedMap(page)).ToHaveAttributeAsync("data-townships", "3");

        await MapProbe.ClickFeatureAsync(page, "513401200000");
        var popup = page.Locator(".leaflet-popup-content");
        await Assertions.Expect(popup).ToContainTextAsync("大兴乡");
        await popup.Locator("[data-testid=map-popup-propose]").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(Url("/stations/propose?township=513401200000"));
        await Assertions.Expect(page.Locator("[data-testid=propose-where]")).ToContainTextAsync("大兴乡 · 西昌市 · 凉山彝族自治州");
        await page.Locator("[data-testid=propose-submit]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=propose-modes]")).ToContainTextAsync("请选择建设方式");

        await page.Locator("#propose-mode-countySelfBuilt").CheckAsync();
        await page.Locator("#propose-planned-on").FillAsync("2026-01-15");
        await page.Locator("#propose-note").FillAsync("新设乡镇");
        await page.Locator("[data-testid=propose-submit]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=propose-result]")).ToContainTextAsync("待审核");
        var proposal = Assert.Single(await ReportsAsync(Role.PrefectureStaff), r => r.Kind == ReportKind.Proposal);
        Assert.Equal(("513401200000", BuildMode.CountySelfBuilt, new DateOnly(2026, 1, 15), ReportState.Pending),
            (proposal.TownshipCode, proposal.Mode, proposal.EffectiveOn, proposal.State));
    }

    [Fact]
    public async Task A_township_that_has_a_station_is_not_proposed_again_and_its_popup_links_to_the_station()
    {
        var page = await App.NewPageAsync(1600, 1000, Role.CountyStaff);
        await page.GotoAsync(Url("/stations/propose?township=513401100000"));
        await Assertions.Expect(page.Locator("[data-testid=propose-has-station]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=propose-form]")).ToHaveCountAsync(0);

        await MapProbe.InstallAsync(page);
        await page.GotoAsync(Url("/map?prefecture=5134&county=513401"));
        await Assertions.Expect(PaintedMap(page)).ToHaveAttributeAsync("data-townships", "3");
        await MapProbe.ClickFeatureAsync(page, "513401100000");
        await page.Locator(".leaflet-popup-content [data-testid=map-popup-station]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(Url($"/stations/{Station}"));
    }
}
