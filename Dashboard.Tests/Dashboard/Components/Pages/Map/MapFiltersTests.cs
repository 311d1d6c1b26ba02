using Bunit;
using Coverage.Dashboard.Components.Pages.Map;
using MudBlazor;

namespace Coverage.Dashboard.Tests.Dashboard.Components.Pages.Map;

public sealed class MapFiltersTests : DashboardBunitContext, IAsyncLifetime
{
    private readonly CoverageSnapshot _snapshot = Snapshots.Create(
        Snapshots.Township("510104017000", "锦官驿街道", StationStatus.Operating),
        Snapshots.Township("513401200000", "大兴乡", StationStatus.Planned));

    private readonly List<CoverageFilter> _raised = [];

    public Task InitializeAsync()
    {
        Render<MudPopoverProvider>();
        return Task.CompletedTask;
    }

    public new async Task DisposeAsync() => await base.DisposeAsync();

    private IRenderedComponent<MapFilters> RenderFilters(CoverageFilter filter) => Render<MapFilters>(p => p
            .Add(c => c.Snapshot, _snapshot)
            .Add(c => c.Filter, filter)
            .Add(c => c.FilterChanged, (CoverageFilter f) => _raised.Add(f)));

    [Fact]
    public async Task Choosing_a_prefecture_raises_a_filter_for_it_and_drops_the_county()
    {
        var cut = RenderFilters(new CoverageFilter(Prefecture: "5101", County: "510104", Statuses: new HashSet<StationStatus> { StationStatus.Planned }));

        var prefecture = cut.FindComponents<MudSelect<string>>()[0];
        await cut.InvokeAsync(() => prefecture.Instance.ValueChanged.InvokeAsync("5134"));

        var raised = Assert.Single(_raised);
        Assert.Equal("5134", raised.Prefecture);
        Assert.Null(raised.County);
        Assert.Equal([StationStatus.Planned], raised.Statuses!);
    }

    [Fact]
    public void The_county_list_waits_for_a_prefecture()
    {
        var cut = RenderFilters(CoverageFilter.All);
        Assert.True(cut.FindComponents<MudSelect<string>>()[1].Instance.Disabled);

        var scoped = RenderFilters(new CoverageFilter(Prefecture: "5101"));
        Assert.False(scoped.FindComponents<MudSelect<string>>()[1].Instance.Disabled);
    }

    [Fact]
    public void Ticking_statuses_and_modes_adds_them_and_unticking_removes_them()
    {
        var cut = RenderFilters(new CoverageFilter(Prefecture: "5134", Modes: new HashSet<BuildMode> { BuildMode.ExistingVenue }));

        cut.Find("input[data-status=planned]").Change(true);
        Assert.Equal([StationStatus.Planned], _raised[^1].Statuses!);
        Assert.Equal("5134", _raised[^1].Prefecture);

        cut.Find("input[data-mode=governancePilot]").Change(true);
        Assert.Equal(new HashSet<BuildMode> { BuildMode.ExistingVenue, BuildMode.GovernancePilot }, _raised[^1].Modes!.ToHashSet());

        cut.Find("input[data-mode=existingVenue]").Change(false);
        Assert.Null(_raised[^1].Modes);
    }

    [Fact]
    public void An_as_of_date_is_raised_as_a_date_and_clearing_resets_everything()
    {
        var cut = RenderFilters(new CoverageFilter(Prefecture: "5101"));

        cut.Find("input[data-testid=filter-asof]").Change("2023-12-31");
        Assert.Equal(new DateOnly(2023, 12, 31), _raised[^1].AsOf);

        cut.Find("[data-testid=filter-clear]").Click();
        Assert.Equal(CoverageFilter.All, _raised[^1]);
    }

    [Fact]
    public void The_controls_are_labelled_in_Chinese()
    {
        var cut = RenderFilters(CoverageFilter.All);
        Assert.Contains("站点状态", cut.Find("[data-testid=filter-statuses] legend").TextContent, StringComparison.Ordinal);
        Assert.Contains("建设模式", cut.Find("[data-testid=filter-modes] legend").TextContent, StringComparison.Ordinal);
        Assert.Contains("利用现有场所资源赋能一批", cut.Find("[data-testid=filter-modes]").TextContent, StringComparison.Ordinal);
    }
}
