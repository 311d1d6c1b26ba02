using System.Diagnostics.Metrics;
using Bunit;
using Coverage.Dashboard.Components.Shared.Live;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Time.Testing;

namespace Coverage.Dashboard.Tests.Dashboard.Components.Shared.Live;

/// <summary>
/// Issue 14: <c>coverage.circuit.sent</c> tells a wall's render from any other page's (tag <c>screen</c>), so an operator (and the
/// <c>sent</c> bench) reads the walls' commit → sent apart from the pages that are updated after them by design.
/// </summary>
public sealed class CircuitSentMetricTests : DashboardBunitContext
{
    private const string Code = "513401001000";
    private static readonly CoverageSnapshot Snapshot = Snapshots.Create(Snapshots.Township(Code, "安宁镇", StationStatus.UnderConstruction));
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero));
    private readonly FakeCoverageFeed _feed = new(Snapshot);

    public CircuitSentMetricTests()
    {
        Services.AddSingleton<TimeProvider>(_clock);
        Services.AddSingleton<ICoverageFeed>(_feed);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    [Theory]
    [InlineData(true, "wall")]
    [InlineData(false, "page")]
    public async Task A_live_render_is_recorded_with_the_kind_of_screen_it_is_on(bool onWall, string screen)
    {
        using var sent = new MetricRecorder(Services.GetRequiredService<IMeterFactory>(), "coverage.circuit.sent", tag: "screen");

        // The go-live announcer renders for a go-live (the first after a quiet spell is said at once); in the wall's layout it is
        // a wall's component.
        var cut = Render<CascadingValue<bool>>(p => p
            .Add(c => c.Name, LiveCoverageComponent.ForegroundName).Add(c => c.Value, onWall).Add(c => c.IsFixed, true)
            .AddChildContent<GoLiveAnnouncer>());
        var committed = _clock.GetUtcNow();
        _clock.Advance(TimeSpan.FromMilliseconds(40));
        await _feed.PublishAsync(new CoverageUpdate(Snapshot,
            [new StationChangedMessage(7, 1, Code, Code[..6], Code[..4], StationStatus.Operating, BuildMode.ProvincialSubsidy, committed)
                { PreviousStatus = StationStatus.UnderConstruction }], Rebuilt: false));

        cut.WaitForAssertion(() => Assert.Equal([(0.04, screen)], sent.Recorded));
    }
}
