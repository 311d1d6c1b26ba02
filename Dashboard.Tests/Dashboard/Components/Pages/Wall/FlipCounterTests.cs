using Bunit;
using Coverage.Dashboard.Components.Pages.Wall;

namespace Coverage.Dashboard.Tests.Dashboard.Components.Pages.Wall;

public sealed class FlipCounterTests : DashboardBunitContext
{
    [Fact]
    public void A_new_value_rolls_only_the_characters_that_changed()
    {
        var cut = Render<FlipCounter>(p => p.Add(c => c.Label, "已覆盖").Add(c => c.Text, "2,142"));
        Assert.Empty(cut.FindAll(".flip-roll"));
        Assert.Equal("2,142", cut.Find(".flip-value").GetAttribute("aria-label"));

        cut.Render(p => p.Add(c => c.Label, "已覆盖").Add(c => c.Text, "2,143"));

        var rolled = cut.FindAll(".flip-roll");
        Assert.Equal("3", Assert.Single(rolled).TextContent);
        Assert.Equal("2,143", string.Concat(cut.FindAll(".flip-char").Select(c => c.TextContent)));
    }

    [Fact]
    public void A_longer_number_rolls_in_its_new_digits()
    {
        var cut = Render<FlipCounter>(p => p.Add(c => c.Label, "运营中").Add(c => c.Text, "999"));
        cut.Render(p => p.Add(c => c.Label, "运营中").Add(c => c.Text, "1,000"));
        Assert.Equal("1,000", string.Concat(cut.FindAll(".flip-char").Select(c => c.TextContent)));
        Assert.Equal(5, cut.FindAll(".flip-roll").Count);
    }
}
