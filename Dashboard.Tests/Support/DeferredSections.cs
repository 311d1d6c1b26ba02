using Bunit;
using Coverage.Dashboard.Components.Pages.Overview;
using Coverage.Dashboard.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.Playwright;

namespace Coverage.Dashboard.Tests.Support;

/// <summary>bUnit has no browser to scroll: this does what the IntersectionObserver does once a page is scrolled through.</summary>
public static class DeferredSections
{
    /// <summary>Shows every deferred section (<see cref="DeferredPanels"/>) of the overview rendered so far (a shown section stays shown).</summary>
    public static async Task ShowDeferredSectionsAsync(this IRenderedComponent<IComponent> cut)
    {
        var pages = cut.FindComponents<OverviewPage>().Select(p => p.Instance).ToList();
        if (cut.Instance is OverviewPage self) pages.Add(self);
        if (pages.Count == 0) throw new InvalidOperationException("no overview page rendered: nothing has deferred sections");
        foreach (var page in pages) await cut.InvokeAsync(page.Panels.ShowAllAsync);
    }

    /// <summary>
    /// In a browser: scrolls to the page's deferred section <paramref name="name"/> once its circuit is listening
    /// (a prerendered placeholder is replaced when the page turns interactive, so scrolling to it earlier can miss), and waits
    /// until it is shown.
    /// </summary>
    public static async Task ShowDeferredAsync(this IPage page, string name)
    {
        var section = page.Locator($"[data-deferred={name}]");
        await Assertions.Expect(page.Locator($"[data-deferred={name}][data-observed], [data-deferred={name}][data-shown]")).ToHaveCountAsync(1);
        await section.ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(section).ToHaveAttributeAsync("data-shown", "true");
    }
}
