using Bunit;
using Coverage.Dashboard.Components.Pages.Wall;

namespace Coverage.Dashboard.Tests.Dashboard.Components.Pages.Wall;

public sealed class TickerTests : DashboardBunitContext
{
    private static TickerItem Item(long id, string township = "安宁镇") =>
        new(id, "凉山州", "西昌市", township, BuildMode.CountySelfBuilt, new DateTimeOffset(2026, 11, 29, 9, 0, (int)(id % 60), TimeSpan.Zero));

    [Fact]
    public void The_feed_keeps_the_newest_items_first_and_never_grows_past_its_capacity()
    {
        var feed = new TickerFeed(capacity: 5);
        feed.Add([Item(3), Item(1), Item(2)]);
        feed.Add(Enumerable.Range(4, 10).Select(i => Item(i)));
        feed.Add([Item(13)]); // already there: not twice

        Assert.Equal([13L, 12, 11, 10, 9], feed.Items.Select(i => i.EventId));
    }

    [Fact]
    public void The_ticker_shows_prefecture_county_township_mode_and_time_newest_first()
    {
        var feed = new TickerFeed();
        feed.Add([Item(7, "大兴乡"), Item(9, "安宁镇")]);

        var cut = Render<GoLiveTicker>(p => p.Add(c => c.Items, feed.Items));

        var items = cut.FindAll(".ticker-item[data-event-id]");
        Assert.Equal(["9", "7"], items.Select(i => i.GetAttribute("data-event-id")));
        Assert.Contains("凉山州 · 西昌市 · 安宁镇", items[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("市县整合部门资源自建一批", items[0].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_ticker_says_it_is_waiting()
    {
        var cut = Render<GoLiveTicker>(p => p.Add(c => c.Items, []));
        Assert.Contains("等待新的站点投运", cut.Find("[data-testid=ticker]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void The_ticker_says_how_many_went_live_today_and_marks_each_item_with_its_prefecture()
    {
        var feed = new TickerFeed();
        feed.Add([Item(9) with { PrefectureCode = "5134" }]);

        var cut = Render<GoLiveTicker>(p => p.Add(c => c.Items, feed.Items).Add(c => c.TodayCount, 3));

        Assert.Equal("3", cut.Find("[data-testid=ticker-today]").GetAttribute("data-count"));
        Assert.Contains("今日投运 3", cut.Find("[data-testid=ticker-today]").TextContent, StringComparison.Ordinal);
        Assert.Equal("5134", cut.Find(".ticker-item[data-event-id]").GetAttribute("data-prefecture"));
    }

    [Fact]
    public void Without_a_count_the_ticker_shows_none()
    {
        var cut = Render<GoLiveTicker>(p => p.Add(c => c.Items, []));
        Assert.Empty(cut.FindAll("[data-testid=ticker-today]"));
    }
}
