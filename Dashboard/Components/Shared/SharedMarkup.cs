using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Components;

namespace Coverage.Dashboard.Components.Shared;

/// <summary>
/// HTML written once and shared by every circuit that draws the same thing (issue 14). A list row or a card written as
/// elements costs each open page a score of render-tree frames, held twice and built and diffed again at every change;
/// written as one piece of markup it is one frame whose string every page shares, and a change re-sends only the rows
/// whose markup changed. Only for read-only pieces: no event handlers, no <c>@key</c>, no focus kept inside them; and
/// scoped CSS does not reach markup, so their styles are global (app.css). Every piece of text and every attribute
/// value is encoded with <see cref="Encoder"/>.
/// </summary>
public static class SharedMarkup
{
    /// <summary>Encodes what HTML treats specially; Chinese text stays readable in the markup.</summary>
    public static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);
}

/// <summary>
/// Markup kept by key, shared by every circuit of the node (see <see cref="SharedMarkup"/>). The key must hold
/// everything the markup depends on, the culture included; at most <paramref name="capacity"/> pieces are kept, and a
/// full cache starts again empty (the next change writes a few rows anew).
/// </summary>
public sealed class SharedMarkup<TKey>(int capacity) where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, MarkupString> _kept = new();

    /// <summary>How many pieces are kept now.</summary>
    public int Count => _kept.Count;

    /// <summary>The markup kept for <paramref name="key"/>, else <paramref name="write"/>'s, kept for the next reader.</summary>
    public MarkupString Get<TState>(TKey key, TState state, Func<TKey, TState, string> write)
    {
        if (_kept.TryGetValue(key, out var markup)) return markup;
        markup = new MarkupString(write(key, state));
        if (_kept.Count >= capacity) _kept.Clear();
        return _kept.GetOrAdd(key, markup);
    }
}
