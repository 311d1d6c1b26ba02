using Bunit;
using Coverage.Dashboard.Components.Shared;
using Microsoft.AspNetCore.Components;

namespace Coverage.Dashboard.Tests.Support;

/// <summary>bUnit has no browser to scroll: this does what the IntersectionObserver does once a page is scrolled through.</summary>
public static class DeferredSections
{
    /// <summary>Shows every <see cref="DeferredSection"/> rendered so far (a shown section stays shown).</summary>
    public static async Task ShowDeferredSectionsAsync(this IRenderedComponent<IComponent> cut)
    {
        foreach (var section in cut.FindComponents<DeferredSection>()) await cut.InvokeAsync(section.Instance.ShowAsync);
    }
}
