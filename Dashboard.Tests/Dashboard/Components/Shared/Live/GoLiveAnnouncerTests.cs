using Bunit;
using Coverage.Dashboard.Components.Shared.Live;
using Microsoft.Extensions.Time.Testing;

namespace Coverage.Dashboard.Tests.Dashboard.Components.Shared.Live;

/// <summary>Issue 16: go-lives are announced politely and at a bounded rate — at most one announcement per 15 s, the rest summarised.</summary>
public sealed class GoLiveAnnouncerTests : DashboardBunitContext, IAsyncLifetime
{
    private static readonly string[] Codes = ["513401001000", "513401002000", "513401003000", "513401004000", "513401005000"];
    private static readonly string[] Names = ["安宁镇", "大兴乡", "川兴镇", "礼州镇", "琅环乡"];
    private static readonly CoverageSnapshot Snapshot = Snapshots.Create(Codes.Select((c, i) => Snapshots.Township(c, Names[i], StationStatus.Planned)).ToArray());
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero));
    private readonly FakeCoverageFeed _feed = new(Snapshot);

    public GoLiveAnnouncerTests()
    {
        Services.AddSingleton<TimeProvider>(_clock);
        Services.AddSingleton<ICoverageFeed>(_feed);
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public new async Task DisposeAsync() => await base.DisposeAsync();

    private Task GoLiveAsync(params int[] townships) => _feed.PublishAsync(new CoverageUpdate(Snapshot,
        townships.Select(i => new StationChangedMessage(100 + i, i + 1, Codes[i], Codes[i][..6], Codes[i][..4], StationStatus.Operating,
            BuildMode.ProvincialSubsidy, _clock.GetUtcNow()) { PreviousStatus = StationStatus.UnderConstruction }).ToList(), Rebuilt: false));

    private static int Announced(IRenderedComponent<GoLiveAnnouncer> cut) => int.Parse(cut.Find("[data-testid=go-live-announcer]").GetAttribute("data-announced")!, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Go_lives_in_quick_succession_are_said_at_most_once_per_15_seconds_and_the_rest_summarised()
    {
        var cut = Render<GoLiveAnnouncer>();
        var region = cut.Find("[data-testid=go-live-announcer]");
        Assert.Equal("polite", region.GetAttribute("aria-live"));
        Assert.Equal("status", region.GetAttribute("role"));
        Assert.Equal(0, Announced(cut));

        // The first go-live after a quiet spell is said at once.
        await GoLiveAsync(0);
        cut.WaitForAssertion(() => Assert.Equal(1, Announced(cut)));
        Assert.Equal("1 个站点投运：安宁镇（西昌市）", cut.Find("[data-testid=go-live-announcer]").TextContent);

        // Four more within the next two seconds: nothing is said until 15 s have passed since the last announcement.
        _clock.Advance(TimeSpan.FromSeconds(1));
        await GoLiveAsync(1);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await GoLiveAsync(2, 3, 4);
        _clock.Advance(TimeSpan.FromSeconds(12.9));
        Assert.Equal(1, Announced(cut));
        Assert.Equal("1 个站点投运：安宁镇（西昌市）", cut.Find("[data-testid=go-live-announcer]").TextContent);

        // Then one announcement for all four: the count, three names and "等" for the rest.
        _clock.Advance(TimeSpan.FromSeconds(0.1));
        cut.WaitForAssertion(() => Assert.Equal(2, Announced(cut)));
        Assert.Equal("4 个站点投运：大兴乡（西昌市）、川兴镇（西昌市）、礼州镇（西昌市）等", cut.Find("[data-testid=go-live-announcer]").TextContent);

        // Quiet afterwards: no repeat; the next go-live, 15 s after the last announcement, is said at once.
        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(2, Announced(cut));
        await GoLiveAsync(0);
        cut.WaitForAssertion(() => Assert.Equal(3, Announced(cut)));
    }
}
