using Coverage.Dashboard.Services;
using Coverage.Domain.Indicators;

namespace Coverage.Dashboard.Tests.Dashboard.Services;

/// <summary>The strip's book: the province's values, one instance per distinct book for every open page, a changed book read anew.</summary>
public sealed class IndicatorStripsTests
{
    private static readonly Indicator Team = new("minors-team", IndicatorField.MinorsProtection, "未成年人保护社工队伍", "Minors' team",
        IndicatorRules.Units.Persons, IndicatorComparison.AtLeast, 10_000, 0, new DateOnly(2021, 1, 1), new DateOnly(2025, 12, 31),
        IndicatorLevel.Province, DerivedIndicator.None, "test plan");

    // A book as each page's load gets it: a new object every time, equal in content.
    private static IndicatorBook Book(decimal province) => new([Team],
    [
        new("minors-team", "51", 2025, province, new DateOnly(2026, 3, 31), "synthetic: test", true),
        new("minors-team", "5134", 2025, 811, new DateOnly(2026, 3, 31), "synthetic: test", true),
    ]);

    [Fact]
    public async Task Pages_that_load_the_same_book_share_one_copy_of_its_province_values()
    {
        var indicators = new FakeIndicators(Book(9_400));
        var strips = new IndicatorStrips(indicators);

        var first = await strips.LoadAsync();
        indicators.Book = Book(9_400);
        var second = await strips.LoadAsync();

        Assert.Same(first, second);
        Assert.Equal(["51"], first.Book.Values.Select(v => v.Scope)); // the prefecture's value is not kept
    }

    [Fact]
    public async Task A_changed_book_is_read_anew_and_its_strip_is_worked_out_again()
    {
        var indicators = new FakeIndicators(Book(9_400));
        var strips = new IndicatorStrips(indicators);
        var snapshot = Snapshots.Create(Snapshots.Township("513401100000", "安宁镇", StationStatus.Planned));
        var today = new DateOnly(2026, 4, 30); // after the values were recorded and past the plan's deadline

        var before = await strips.LoadAsync();
        indicators.Book = Book(10_200);
        var after = await strips.LoadAsync();

        Assert.NotSame(before, after);
        Assert.NotEqual(before.Key, after.Key);
        var (was, now) = (IndicatorStrips.Strip(before, snapshot, today), IndicatorStrips.Strip(after, snapshot, today));
        Assert.Equal((0, 1), (was.Met, was.OnTrack + was.Behind));
        Assert.Equal((1, 0), (now.Met, now.OnTrack + now.Behind));
    }
}
