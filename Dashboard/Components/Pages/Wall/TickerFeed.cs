using Coverage.Domain.Stations;

namespace Coverage.Dashboard.Components.Pages.Wall;

/// <summary>One go-live on the wall's ticker.</summary>
public sealed record TickerItem(long EventId, string Prefecture, string County, string Township, BuildMode Mode, DateTimeOffset At)
{
    /// <summary>True for go-lives on record before the page opened, which carry a date but no time.</summary>
    public bool DateOnly { get; init; }

    /// <summary>The prefecture the township is in (the wall keeps one ticker per scope it shows).</summary>
    public string? PrefectureCode { get; init; }
}

/// <summary>The ticker's bounded list: newest first, never longer than <see cref="Capacity"/>, no event twice.</summary>
public sealed class TickerFeed(int capacity = TickerFeed.DefaultCapacity)
{
    public const int DefaultCapacity = 20;

    private readonly List<TickerItem> _items = [];

    public int Capacity { get; } = capacity;

    public IReadOnlyList<TickerItem> Items => _items;

    /// <summary>Adds items (any order); keeps the newest <see cref="Capacity"/> by event id.</summary>
    public void Add(IEnumerable<TickerItem> items)
    {
        var known = _items.Select(i => i.EventId).ToHashSet();
        _items.AddRange(items.Where(i => known.Add(i.EventId)));
        _items.Sort((a, b) => b.EventId.CompareTo(a.EventId));
        if (_items.Count > Capacity) _items.RemoveRange(Capacity, _items.Count - Capacity);
    }
}
