using Bunit;
using Coverage.Dashboard.Components.Pages.Map;
using Coverage.Domain.Divisions;

namespace Coverage.Dashboard.Tests.Dashboard.Components.Pages.Map;

public sealed class TownshipTableTests : DashboardBunitContext, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public new async Task DisposeAsync() => await base.DisposeAsync();

    [Fact]
    public void With_special_units_listed_the_table_says_why_its_count_differs_from_the_coverage_count()
    {
        var snapshot = Snapshots.Create(
            Snapshots.Township("513401100000", "安宁镇", StationStatus.Operating),
            Snapshots.Township("513401200000", "大兴乡", null),
            Snapshots.Township("513401400000", "西昌农场", null, kind: TownshipKind.Special));

        var cut = Render<TownshipTable>(p => p.Add(c => c.Rows, snapshot.Views(CoverageFilter.All).ToList()));

        var note = cut.Find("[data-testid=township-count-note]").TextContent;
        Assert.Contains("共列出 3 个乡级单位，其中 1 个为特殊单位", note, StringComparison.Ordinal);
        Assert.Contains("覆盖率按其余 2 个乡镇（街道）计算", note, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_special_units_there_is_nothing_to_explain()
    {
        var snapshot = Snapshots.Create(Snapshots.Township("513401100000", "安宁镇", StationStatus.Operating));

        var cut = Render<TownshipTable>(p => p.Add(c => c.Rows, snapshot.Views(CoverageFilter.All).ToList()));

        Assert.Empty(cut.FindAll("[data-testid=township-count-note]"));
    }

    [Fact]
    public void The_sorted_column_header_says_its_order_in_aria_sort_and_only_it()
    {
        var snapshot = Snapshots.Create(
            Snapshots.Township("513401100000", "安宁镇", StationStatus.Operating),
            Snapshots.Township("513401200000", "大兴乡", null));
        var cut = Render<TownshipTable>(p => p.Add(c => c.Rows, snapshot.Views(CoverageFilter.All).ToList()));
        // Each header's aria-sort, "-" where it has none.
        string Sorts() => string.Join(",", cut.FindAll("[data-testid=township-table] thead th").Select(th => th.GetAttribute("aria-sort") ?? "-"));

        Assert.Equal("-,-,-,-,-,-,-", Sorts());

        cut.FindAll("th .mud-table-sort-label")[1].Click(); // 县（市、区）
        Assert.Equal("-,ascending,-,-,-,-,-", Sorts());
        cut.FindAll("th .mud-table-sort-label")[1].Click();
        Assert.Equal("-,descending,-,-,-,-,-", Sorts());

        // By keyboard, as the header is a button: another column takes the sort, the first one lets it go.
        cut.FindAll("th .mud-table-sort-label")[6].KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Enter" });
        Assert.Equal("-,-,-,-,-,-,ascending", Sorts());
    }
}
