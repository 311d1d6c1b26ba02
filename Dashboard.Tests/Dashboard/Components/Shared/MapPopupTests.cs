using Coverage.Dashboard.Components.Shared.Map;

namespace Coverage.Dashboard.Tests.Dashboard.Components.Shared;

public sealed class MapPopupTests : DashboardBunitContext
{
    [Fact]
    public void The_popup_shows_the_station_and_encodes_every_piece_of_data()
    {
        var township = Snapshots.Township("510104017000", "<img src=x onerror=alert(1)>街道", StationStatus.Operating,
            BuildMode.GovernancePilot, new DateOnly(2021, 11, 20), services: StationServices.Needs | StationServices.Care, @operator: "\"运营方\"");
        township = township with { Station = township.Station! with { Name = "站 & <b>", SocialWorkers = 6, CertifiedSocialWorkers = 3 } };
        var snapshot = Snapshots.Create(township);

        var html = Services.GetRequiredService<MapPopup>().Html(snapshot.View(township));

        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;img", html, StringComparison.Ordinal);
        Assert.Contains("成都市 · 锦江区", html, StringComparison.Ordinal);
        Assert.Contains("运营中", html, StringComparison.Ordinal);
        Assert.Contains("城乡社区治理试点形成一批", html, StringComparison.Ordinal);
        Assert.Contains("2021-11-20", html, StringComparison.Ordinal);
        Assert.Contains("6 人（持证 3 人）", html, StringComparison.Ordinal);
        Assert.Contains("收集居民需求、关爱老人儿童", html, StringComparison.Ordinal);
    }

    [Fact]
    public void As_of_a_date_before_go_live_the_popup_shows_the_status_then()
    {
        var township = Snapshots.Township("510104017000", "锦官驿街道", StationStatus.Operating, operatingSince: new DateOnly(2022, 1, 1));

        var html = Services.GetRequiredService<MapPopup>().Html(Snapshots.Create(township).View(township, new DateOnly(2021, 7, 1)));

        Assert.Contains("建设中", html, StringComparison.Ordinal);
        Assert.Contains("尚未投运", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_station_links_to_its_page()
    {
        var township = Snapshots.Township("513401100000", "安宁镇", StationStatus.Suspended, id: 5);

        var html = Services.GetRequiredService<MapPopup>().Html(Snapshots.Create(township).View(township));

        Assert.Contains("<a class=\"map-popup__link\" data-testid=\"map-popup-station\" href=\"/stations/5\">查看站点详情</a>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("propose", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Role.CountyStaff, "513401", true)]
    [InlineData(Role.PrefectureStaff, "5134", true)]
    [InlineData(Role.ProvinceAdmin, null, true)]
    [InlineData(Role.CountyStaff, "510104", false)]
    [InlineData(Role.PrefectureStaff, "5101", false)]
    [InlineData(Role.Viewer, null, false)]
    public void A_township_without_a_station_offers_a_proposal_to_those_who_may_make_one(Role role, string? scope, bool offered)
    {
        var township = Snapshots.Township("513401200000", "大兴乡", status: null);
        AccessScope.TryParse(scope, out var access);

        var html = Services.GetRequiredService<MapPopup>().Html(Snapshots.Create(township).View(township), new Actor("someone", role, access));

        Assert.Contains("无社工站", html, StringComparison.Ordinal);
        Assert.Equal(offered, html.Contains("href=\"/stations/propose?township=513401200000\"", StringComparison.Ordinal));
    }

    [Fact]
    public void A_display_is_never_offered_a_proposal()
    {
        var township = Snapshots.Township("513401200000", "大兴乡", status: null);

        var html = Services.GetRequiredService<MapPopup>().Html(Snapshots.Create(township).View(township),
            new Actor("display:大屏", null, AccessScope.Province, IsDisplay: true));

        Assert.DoesNotContain("<a", html, StringComparison.Ordinal);
    }
}
