using Bunit;
using Coverage.Dashboard.Components.Pages.Stations;
using Coverage.Domain.Reports;

namespace Coverage.Dashboard.Tests.Dashboard.Components.Pages.Stations;

/// <summary>The station's history: who wrote each change, in words, and the report it came from.</summary>
public sealed class StationHistoryTests : DashboardBunitContext, IAsyncLifetime
{
    public StationHistoryTests() =>
        Services.AddSingleton<TimeProvider>(SichuanClock.At(2026, 11, 29, 10, 0));

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services dispose asynchronously only.
    public new async Task DisposeAsync() => await base.DisposeAsync();

    private static StationHistoryEntry Entry(long id, string? actor, long? reportId = null, string? submittedBy = null, string? confirmedBy = null) =>
        new(id, new DateTimeOffset(2026, 11, 28, 2, 0, 0, TimeSpan.Zero), StationStatus.UnderConstruction, StationStatus.Operating,
            BuildMode.CountySelfBuilt, actor, reportId, submittedBy, confirmedBy, new DateOnly(2026, 11, 27));

    [Fact]
    public void Imports_database_roles_the_demo_feed_and_users_are_named_in_words()
    {
        var cut = Render<StationHistory>(p => p.Add(c => c.StationId, 5).Add(c => c.Entries,
        [
            Entry(4, "prefecture@test.local", reportId: 7, submittedBy: "county@test.local", confirmedBy: "prefecture@test.local"),
            Entry(3, "demo:feed"),
            Entry(2, "sql:coverage_app"),
            Entry(1, "import:stations.csv"),
            Entry(0, null),
        ]));

        Assert.Equal(["prefecture@test.local", "演示数据", "数据库 coverage_app", "导入 stations.csv", "未记录"],
            cut.FindAll("[data-testid=history-who]").Select(c => c.TextContent.Trim()));
        var rows = cut.FindAll("[data-testid=history-row]");
        Assert.Contains("2026-11-28 10:00", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("建设中 → 运营中", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("2026-11-27", rows[0].TextContent, StringComparison.Ordinal);

        var report = cut.FindAll("[data-testid=history-report]")[0];
        Assert.Equal("/stations/5#report-7", report.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("报送 #7", report.TextContent, StringComparison.Ordinal);
        Assert.Contains("提交：county@test.local，确认：prefecture@test.local", report.TextContent, StringComparison.Ordinal);
        Assert.Equal("—", cut.FindAll("[data-testid=history-report]")[1].TextContent.Trim());
    }

    [Fact]
    public void A_name_that_looks_like_markup_is_shown_as_text()
    {
        var cut = Render<StationHistory>(p => p.Add(c => c.StationId, 5).Add(c => c.Entries, [Entry(1, "<b>x</b>@test.local")]));

        Assert.Equal("<b>x</b>@test.local", cut.Find("[data-testid=history-who]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=history-who] b"));
    }

    [Fact]
    public void A_station_without_events_says_so()
    {
        var cut = Render<StationHistory>(p => p.Add(c => c.StationId, 5).Add(c => c.Entries, []));
        Assert.Contains("暂无变更记录", cut.Find("[data-testid=history-empty]").TextContent, StringComparison.Ordinal);
    }
}
