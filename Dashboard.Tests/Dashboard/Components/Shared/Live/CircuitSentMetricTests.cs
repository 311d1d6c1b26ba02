using System.Diagnostics.Metrics;
using Bunit;
using Coverage.Dashboard.Components.Shared.Live;
using Coverage.Infrastructure.Telemetry;
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
        var factory = Services.GetRequiredService<IMeterFactory>();
        var recorded = new List<(double Seconds, string? Screen)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == factory && instrument.Meter.Name == FeedMetrics.MeterName && instrument.Name == "coverage.circuit.sent")
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            string? tag = null;
            foreach (var t in tags) if (t.Key == "screen") tag = t.Value as string;
            lock (recorded) recorded.Add((value, tag));
        });
        listener.Start();

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

        cut.WaitForAssertion(() =>
        {
            lock (recorded) Assert.Equal([(0.04, screen)], recorded);
        });
    }
}
