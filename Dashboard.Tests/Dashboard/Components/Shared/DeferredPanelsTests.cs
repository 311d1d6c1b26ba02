using Bunit;
using Coverage.Dashboard.Components.Shared;
using Microsoft.AspNetCore.Components;

namespace Coverage.Dashboard.Tests.Dashboard.Components.Shared;

/// <summary>
/// A page's deferred sections: a placeholder of the part's height until the browser reports the section in view, then the
/// part, for good; only the page's own sections can be shown; a statically rendered page shows them all at once.
/// </summary>
public sealed class DeferredPanelsTests : DashboardBunitContext
{
    [Fact]
    public async Task A_section_is_a_placeholder_until_the_browser_reports_it_in_view_and_then_stays_shown()
    {
        var (changes, drawn) = (0, 0);
        var panels = new DeferredPanels(JSInterop.JSRuntime, () => changes++, showAll: false, "正在加载");
        RenderFragment page = b => b.AddContent(0, panels.Section("league", "480px", c => c.AddContent(0, $"part {++drawn}")));

        var section = Render(page).Find("[data-deferred=league]");
        Assert.Equal("正在加载", section.QuerySelector(".deferred-section__placeholder")!.TextContent);
        Assert.Equal("min-height:480px", section.GetAttribute("style"));
        Assert.Null(section.GetAttribute("data-shown"));
        Assert.Equal(0, drawn); // the part is not drawn before it is shown

        // What the browser reports is checked: a section this page never drew, or no name at all, changes nothing.
        await panels.ShowAsync(["trend"]);
        await panels.ShowAsync([new string('x', 200)]);
        await panels.ShowAsync([null!]);
        await panels.ShowAsync(null!);
        await panels.ShowAsync(["league", "league"]); // more names than the page has sections
        Assert.Equal(0, changes);
        Assert.False(panels.IsShown("trend"));
        Assert.False(panels.IsShown("league"));

        await panels.ShowAsync(["league"]);
        await panels.ShowAsync(["league"]); // reported again: no second render
        Assert.Equal(1, changes);
        section = Render(page).Find("[data-deferred=league]");
        Assert.Equal("true", section.GetAttribute("data-shown"));
        Assert.Null(section.GetAttribute("style"));
        Assert.Equal("part 1", section.TextContent);
        Assert.Empty(section.QuerySelectorAll(".deferred-section__placeholder"));
    }

    [Fact]
    public void A_page_rendered_statically_shows_every_section_at_once()
    {
        var panels = new DeferredPanels(JSInterop.JSRuntime, () => { }, showAll: true, "正在加载");
        var cut = Render(b => b.AddContent(0, panels.Section("go-lives", "320px", c => c.AddContent(0, "the part"))));

        Assert.Equal("the part", cut.Find("[data-deferred=go-lives]").TextContent);
        Assert.Equal("true", cut.Find("[data-deferred=go-lives]").GetAttribute("data-shown"));
    }
}
