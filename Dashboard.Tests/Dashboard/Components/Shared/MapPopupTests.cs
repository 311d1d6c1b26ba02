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
}
