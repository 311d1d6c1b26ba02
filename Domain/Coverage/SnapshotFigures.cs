using System.Collections.Concurrent;
using System.Globalization;

namespace Coverage.Domain.Coverage;

/// <summary>
/// The figures already drawn from one <see cref="CoverageSnapshot"/>, each computed once and shared by every reader of
/// that snapshot: a hundred open overviews of the province ask for the same ranking, trend and league after each change,
/// and get one set of immutable results instead of a hundred computations and a hundred copies (issue 14: commit → sent
/// with many circuits, and what each circuit holds). A figure is keyed by its name, the filter (by value), the day it was
/// computed for (figures of "this year" and "this month" move with it) and a figure's own argument (e.g. how many).
/// At most <see cref="MaxEntries"/> figures are kept per snapshot — ad-hoc filters beyond that are computed and not kept —
/// and they go with their snapshot, which the next change replaces.
/// </summary>
public sealed class SnapshotFigures
{
    /// <summary>How many figures one snapshot keeps.</summary>
    public const int MaxEntries = 512;

    private readonly ConcurrentDictionary<Key, Lazy<object?>> _figures = new();

    /// <summary>How many figures are kept now.</summary>
    public int Count => _figures.Count;

    /// <summary>
    /// Figure <paramref name="name"/> for <paramref name="filter"/> on <paramref name="today"/> (and <paramref name="argument"/>):
    /// the kept one, else <paramref name="compute"/>'s result, kept for the next reader. Concurrent readers of a figure not yet
    /// kept wait for one computation. The result is shared: it must never be changed by whoever reads it.
    /// </summary>
    public T Get<T>(string name, CoverageFilter filter, DateOnly today, int argument, Func<T> compute)
    {
        var key = new Key(name, FilterKey(filter), today, argument);
        if (_figures.TryGetValue(key, out var kept)) return (T)kept.Value!;
        if (_figures.Count >= MaxEntries) return compute();
        var entry = _figures.GetOrAdd(key, _ => new Lazy<object?>(() => compute(), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return (T)entry.Value!;
        }
        catch
        {
            _figures.TryRemove(new KeyValuePair<Key, Lazy<object?>>(key, entry)); // a failed computation is not kept
            throw;
        }
    }

    // A filter by value: its sets are compared by their members, not by reference.
    private static string FilterKey(CoverageFilter f) => string.Join('|',
        f.Prefecture, f.County,
        f.Modes is null ? "" : string.Join(',', f.Modes.Order()),
        f.Statuses is null ? "" : string.Join(',', f.Statuses.Order()),
        f.AsOf?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        f.WithoutStation ? "1" : "0");

    private readonly record struct Key(string Name, string Filter, DateOnly Today, int Argument);
}
