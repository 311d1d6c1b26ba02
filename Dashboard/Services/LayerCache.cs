namespace Coverage.Dashboard.Services;

/// <summary>
/// The map layers a node keeps, bounded by their size in bytes (<see cref="LayerOptions.CacheBytes"/>): the JSON and every
/// compressed copy made of it count, including a copy made after the layer was cached. Least recently used layers are
/// evicted first, as soon as the total would pass the cap, and so are layers nobody asked for in
/// <see cref="LayerOptions.IdleMinutes"/>; a layer larger than the whole cap is served but not kept.
/// </summary>
public sealed class LayerCache(long capacityBytes, TimeSpan idle, TimeProvider clock)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recent = new(); // most recently used first
    private long _bytes;

    public long CapacityBytes { get; } = capacityBytes;

    /// <summary>Bytes held now (always ≤ <see cref="CapacityBytes"/>).</summary>
    public long Bytes
    {
        get { lock (_lock) return _bytes; }
    }

    public int Count
    {
        get { lock (_lock) return _entries.Count; }
    }

    /// <summary>Called with the number of layers just evicted (for the metrics).</summary>
    public Action<int>? Evicted { get; set; }

    public bool TryGet(string key, out MapPayload payload)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                node.Value.LastUsed = clock.GetTimestamp();
                _recent.Remove(node);
                _recent.AddFirst(node);
                payload = node.Value.Payload;
                return true;
            }
        }
        payload = null!;
        return false;
    }

    /// <summary>Keeps <paramref name="payload"/> under <paramref name="key"/> (replacing any layer there), evicting as needed.</summary>
    public void Add(string key, MapPayload payload)
    {
        var evicted = 0;
        lock (_lock)
        {
            if (_entries.Remove(key, out var old)) evicted += Drop(old, counted: false);
            evicted += DropIdle();
            if (payload.Bytes > CapacityBytes) return;
            var node = _recent.AddFirst(new Entry(key, payload, payload.Bytes, clock.GetTimestamp()));
            _entries[key] = node;
            _bytes += node.Value.Size;
            // A compressed copy made later (another client's encoding) is counted too; it may evict this layer itself.
            payload.Grown = added => Grow(node, added);
            evicted += EvictOverflow();
        }
        if (evicted > 0) Evicted?.Invoke(evicted);
    }

    private void Grow(LinkedListNode<Entry> node, long added)
    {
        int evicted;
        lock (_lock)
        {
            if (node.List is null) return; // already evicted
            node.Value.Size += added;
            _bytes += added;
            evicted = EvictOverflow();
        }
        if (evicted > 0) Evicted?.Invoke(evicted);
    }

    private int EvictOverflow()
    {
        var evicted = 0;
        while (_bytes > CapacityBytes && _recent.Last is { } last) evicted += Drop(last, counted: true);
        return evicted;
    }

    private int DropIdle()
    {
        var evicted = 0;
        while (_recent.Last is { } last && clock.GetElapsedTime(last.Value.LastUsed) > idle) evicted += Drop(last, counted: true);
        return evicted;
    }

    private int Drop(LinkedListNode<Entry> node, bool counted)
    {
        if (node.List is null) return 0;
        _recent.Remove(node);
        if (counted) _entries.Remove(node.Value.Key);
        _bytes -= node.Value.Size;
        node.Value.Payload.Grown = null;
        return counted ? 1 : 0;
    }

    private sealed class Entry(string key, MapPayload payload, long size, long lastUsed)
    {
        public string Key { get; } = key;
        public MapPayload Payload { get; } = payload;
        public long Size { get; set; } = size;
        public long LastUsed { get; set; } = lastUsed;
    }
}
