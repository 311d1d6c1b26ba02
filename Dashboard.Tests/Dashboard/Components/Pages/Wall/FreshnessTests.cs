using Bunit;
using Coverage.Dashboard.Components.Pages.Wall;
using Microsoft.Extensions.Time.Testing;

namespace Coverage.Dashboard.Tests.Dashboard.Components.Pages.Wall;

public sealed class FreshnessTests : DashboardBunitContext
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(2, true, FreshnessLevel.Live)]
    [InlineData(14, true, FreshnessLevel.Live)]
    [InlineData(16, true, FreshnessLevel.Amber)]
    [InlineData(2, false, FreshnessLevel.Amber)]
    [InlineData(61, true, FreshnessLevel.Red)]
    [InlineData(61, false, FreshnessLevel.Red)]
    public void Freshness_turns_amber_then_red_as_the_heartbeat_ages(int secondsAgo, bool connected, FreshnessLevel expected) =>
        Assert.Equal(expected, Freshness.Evaluate(Now, Now.AddSeconds(-secondsAgo), connected));

    [Fact]
    public void Without_any_heartbeat_the_wall_is_red() => Assert.Equal(FreshnessLevel.Red, Freshness.Evaluate(Now, null, connected: false));

    [Fact]
    public void The_indicator_names_its_state_in_Chinese()
    {
        Services.AddSingleton<ICoverageFeed>(new FakeCoverageFeed(CoverageSnapshot.Empty)
        {
            Health = new FeedHealth(Connected: false, LastEventAt: null, LastHeartbeatAt: Now.AddSeconds(-90)),
        });
        Services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        var cut = Render<FreshnessIndicator>();
        Assert.Equal("red", cut.Find("[data-testid=freshness]").GetAttribute("data-level"));
        Assert.Contains("数据中断", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("90 秒前", cut.Markup, StringComparison.Ordinal);
    }
}
