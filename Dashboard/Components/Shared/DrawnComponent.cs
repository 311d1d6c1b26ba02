using Microsoft.AspNetCore.Components;

namespace Coverage.Dashboard.Components.Shared;

/// <summary>
/// A component that draws only from a few values, and renders again only when they changed. Blazor renders a child every time
/// its parent renders if a parameter is of a reference type (a snapshot, a filter, a callback): after every change each open
/// overview rendered its breadcrumb, dataset note, export links, indicator strip and five panel placeholders again, to the same
/// output (issue 14: commit → sent with many open pages). <see cref="Drawn"/> holds, by value (a tuple or a record), everything
/// the component draws, its own state included; a component whose output can change otherwise returns null and always renders.
/// </summary>
public abstract class DrawnComponent : ComponentBase
{
    private object? _rendered;

    /// <summary>Everything the component draws, by value; null: render every time.</summary>
    protected abstract object? Drawn { get; }

    // The first render is not asked (ShouldRender is not called for it): what it drew is noted after it.
    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender) _rendered = Drawn;
    }

    protected override bool ShouldRender()
    {
        var shown = Drawn;
        if (shown is not null && Equals(shown, _rendered)) return false;
        _rendered = shown;
        return true;
    }
}
