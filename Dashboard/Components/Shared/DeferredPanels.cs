using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Coverage.Dashboard.Components.Shared;

/// <summary>
/// The parts of a long page drawn only once they come near the window (<see cref="DeferredSection"/>): which are shown, and
/// one IntersectionObserver in the browser for all of them (DeferredSection.razor.js), half a window ahead, so a part is
/// usually drawn before the user (or the keyboard's focus, which scrolls the page) reaches it. Held by the page: one module
/// and one .NET reference per page, not per section. A page rendered statically (no circuit to ask) shows every part at once;
/// prerendering for a circuit draws the placeholders, so the circuit's first render does not take the parts away again.
/// </summary>
public sealed class DeferredPanels(IJSRuntime js, Action changed, bool showAll, string loadingText) : IAsyncDisposable
{
    /// <summary>The longest section name the browser may report (names are the page's own, e.g. <c>plan-by-mode</c>).</summary>
    private const int MaxName = 64;

    private readonly HashSet<string> _named = new(StringComparer.Ordinal);
    private readonly HashSet<string> _shown = new(StringComparer.Ordinal);
    private IJSObjectReference? _module;
    private DotNetObjectReference<DeferredPanels>? _self;
    private ElementReference _container;
    private string? _observed;
    private bool _disposed;

    /// <summary>The placeholder's text ("loading"), in the page's language.</summary>
    public string LoadingText { get; } = loadingText;

    public bool IsShown(string name) => showAll || _shown.Contains(name);

    /// <summary>Section <paramref name="name"/>: <paramref name="content"/> once it has come into view, else a placeholder about <paramref name="minHeight"/> high.</summary>
    public RenderFragment Section(string name, string minHeight, RenderFragment content)
    {
        _named.Add(name);
        return DeferredSection.Render(this, name, minHeight, content);
    }

    /// <summary>
    /// After a render: has the browser watch the sections inside <paramref name="container"/>. Asks only when the container
    /// is new (its first render, or drawn anew) and some section still waits, so a page's live updates cost no call.
    /// </summary>
    public async Task ObserveAsync(ElementReference container)
    {
        if (showAll || _disposed || container.Id is null || container.Id == _observed || _named.All(_shown.Contains)) return;
        _observed = container.Id;
        _container = container;
        try
        {
            _module ??= await js.InvokeAsync<IJSObjectReference>("import", "./Components/Shared/DeferredSection.razor.js");
            if (_disposed) return;
            _self ??= DotNetObjectReference.Create(this);
            await _module.InvokeVoidAsync("observe", container, _self);
        }
        catch (JSDisconnectedException)
        {
            // The browser left; nothing to show.
        }
    }

    /// <summary>
    /// Called by the browser when sections come within reach of the window, all that did at once in one call: the page draws
    /// them in one render, so a part already shown is not drawn again for the next one.
    /// </summary>
    [JSInvokable]
    public Task ShowAsync(string[] names)
    {
        // Only sections the page drew can be shown; anything else from the browser is ignored.
        if (_disposed || names is null || names.Length > _named.Count) return Task.CompletedTask;
        var added = false;
        foreach (var name in names)
        {
            if (name is not null && name.Length <= MaxName && _named.Contains(name)) added |= _shown.Add(name);
        }
        if (!added) return Task.CompletedTask;
        changed();
        // Every part shown for good: the browser has dropped its observer's targets, and the circuit lets go of its reference
        // to the page's panels. The module's reference goes with the page (DisposeAsync): letting a JS object go sends its id,
        // a long, and the first long a circuit's interop serializer writes costs it a type cache entry for each of Int64's
        // interfaces (about 25 KB).
        if (_named.All(_shown.Contains))
        {
            _self?.Dispose();
            _self = null;
        }
        return Task.CompletedTask;
    }

    /// <summary>For a test without a browser to scroll: shows every section drawn so far.</summary>
    public Task ShowAllAsync() => ShowAsync([.. _named]);

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        var observing = _self is not null;
        _self?.Dispose();
        _self = null;
        if (_module is not { } module) return;
        _module = null;
        try
        {
            if (observing) await module.InvokeVoidAsync("unobserve", _container);
            await module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone, and the observer with the page.
        }
    }
}
