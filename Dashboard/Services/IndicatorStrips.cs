using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Coverage.Domain.Coverage;
using Coverage.Domain.Indicators;

namespace Coverage.Dashboard.Services;

/// <summary>
/// The 规划指标 strip of / and /brief (how many of the plan's indicators are met, on track and behind): the province's part of
/// the indicator book, one instance per distinct book for the whole node, and each strip worked out once per snapshot and
/// day (issue 14: a thousand open pages hold one copy of the book, not a thousand, and do not each tally the province after
/// every change). The book is read when a page opens, so a page opened after a value changed shows it.
/// </summary>
public sealed class IndicatorStrips(IIndicators indicators)
{
    /// <summary>How many distinct books are kept; they differ only when indicator values change, and a full set starts again.</summary>
    public const int MaxBooks = 16;

    private readonly ConcurrentDictionary<string, ProvinceBook> _books = new();

    /// <summary>The province's values of a book, and the key its strips are kept under in a snapshot's figures.</summary>
    public sealed record ProvinceBook(string Key, IndicatorBook Book);

    /// <summary>The current book's province part, shared with every page that loaded the same book.</summary>
    public async Task<ProvinceBook> LoadAsync(CancellationToken ct = default)
    {
        var book = await indicators.LoadAsync(ct);
        book = book with { Values = [.. book.Values.Where(v => v.Scope == Indicator.Province)] };
        var key = "IndicatorStrip " + Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(book)));
        if (_books.TryGetValue(key, out var kept)) return kept;
        if (_books.Count >= MaxBooks) _books.Clear();
        return _books.GetOrAdd(key, new ProvinceBook(key, book));
    }

    /// <summary>The strip of <paramref name="book"/> against <paramref name="snapshot"/> on <paramref name="today"/>, shared by every reader.</summary>
    public static IndicatorStrip Strip(ProvinceBook book, CoverageSnapshot snapshot, DateOnly today) =>
        snapshot.Figures.Get(book.Key, CoverageFilter.All, today, 0, () => IndicatorBoard.Strip(IndicatorBoard.Cards(book.Book, snapshot, today)));
}
