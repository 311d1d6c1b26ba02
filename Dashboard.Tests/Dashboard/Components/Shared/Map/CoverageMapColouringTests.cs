using Bunit;
using Coverage.Dashboard.Components.Shared.Map;

namespace Coverage.Dashboard.Tests.Dashboard.Components.Shared.Map;

/// <summary>
/// The map's colouring switch: two plain buttons in MudBlazor's toggle classes inside a named group (issue 14: no components of
/// their own), each saying whether it is pressed, and the legend beside them following the choice.
/// </summary>
public sealed class CoverageMapColouringTests : DashboardBunitContext, IAsyncLifetime
{
    public CoverageMapColouringTests()
    {
        Services.AddSingleton<TimeProvider>(SichuanClock.At(2026, 11, 30, 10, 0));
        Services.AddSingleton<ICoverageFeed>(new FakeCoverageFeed(Snapshots.Create(
            Snapshots.Township("513401001000", "安宁镇", StationStatus.Operating))));
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services dispose asynchronously only.
    public new async Task DisposeAsync() => await base.DisposeAsync();

    private static string[] Pressed(IRenderedComponent<CoverageMap> cut) =>
        cut.FindAll("[data-testid=map-colouring] button").Select(b => b.GetAttribute("aria-pressed")!).ToArray();

    [Fact]
    public void The_switch_is_a_named_group_of_two_buttons_that_say_which_is_pressed_and_a_click_switches_it()
    {
        var chosen = new List<MapColouring>();
        var cut = Render<CoverageMap>(p => p.Add(c => c.Colouring, MapColouring.Status)
            .Add(c => c.ColouringChanged, (MapColouring c) => chosen.Add(c)));

        var group = cut.Find("[data-testid=map-colouring]");
        Assert.Equal("group", group.GetAttribute("role"));
        Assert.Equal("乡镇着色方式", group.GetAttribute("aria-label"));
        var buttons = cut.FindAll("[data-testid=map-colouring] button");
        Assert.Equal(["按站点状态", "按建设模式"], buttons.Select(b => b.TextContent));
        Assert.All(buttons, b => Assert.Equal("button", b.GetAttribute("type")));
        Assert.Equal(["true", "false"], Pressed(cut));
        Assert.Contains("mud-toggle-item-selected", buttons[0].ClassList);
        Assert.DoesNotContain("mud-toggle-item-selected", buttons[1].ClassList);
        Assert.NotEmpty(cut.FindAll("[data-testid=map-legend] [data-status=operating]"));

        cut.FindAll("[data-testid=map-colouring] button")[1].Click();

        Assert.Equal([MapColouring.Mode], chosen);
        Assert.Equal(["false", "true"], Pressed(cut));
        Assert.Contains("mud-toggle-item-selected", cut.FindAll("[data-testid=map-colouring] button")[1].ClassList);
        Assert.DoesNotContain("mud-toggle-item-selected", cut.FindAll("[data-testid=map-colouring] button")[0].ClassList);
        Assert.Empty(cut.FindAll("[data-testid=map-legend] [data-status=operating]"));
        Assert.Equal(5, cut.FindAll("[data-testid=map-legend] [data-mode]").Count);

        // Pressing the chosen one again changes nothing.
        cut.FindAll("[data-testid=map-colouring] button")[1].Click();
        Assert.Equal([MapColouring.Mode], chosen);
        Assert.Equal(["false", "true"], Pressed(cut));
    }

    [Fact]
    public void Unbound_the_map_keeps_its_own_choice_and_follows_the_parent_when_it_changes()
    {
        var cut = Render<CoverageMap>(p => p.Add(c => c.Colouring, MapColouring.Mode));
        Assert.Equal(["false", "true"], Pressed(cut));

        cut.FindAll("[data-testid=map-colouring] button")[0].Click();
        Assert.Equal(["true", "false"], Pressed(cut));
        cut.Render(p => p.Add(c => c.Colouring, MapColouring.Mode)); // the parent renders again, its colouring the same
        Assert.Equal(["true", "false"], Pressed(cut));

        cut.Render(p => p.Add(c => c.Colouring, MapColouring.Status));
        cut.Render(p => p.Add(c => c.Colouring, MapColouring.Mode));
        Assert.Equal(["false", "true"], Pressed(cut));
    }

    [Fact]
    public void A_wall_map_has_no_switch_and_its_legend_is_the_dark_one()
    {
        var cut = Render<CoverageMap>(p => p.Add(c => c.Interactive, false).Add(c => c.Dark, true));
        Assert.Empty(cut.FindAll("[data-testid=map-colouring]"));
        Assert.Contains("map-legend--dark", cut.Find("[data-testid=map-legend]").ClassList);
    }
}
