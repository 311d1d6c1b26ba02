using System.Diagnostics.Metrics;
using Coverage.Domain.Coverage;
using Coverage.Infrastructure.Coverage;

namespace Coverage.Infrastructure.Telemetry;

/// <summary>
/// The change feed's metrics (meter <see cref="MeterName"/>, scraped at <c>/metrics</c>): events applied, how long after
/// their transaction each was applied to the node's snapshot, and snapshot rebuilds.
/// </summary>
public sealed class FeedMetrics
{
    /// <summary>The meter of every metric of this application (the dashboard's own live-path metrics use it too).</summary>
    public const string MeterName = "Coverage.Dashboard";

    /// <summary>
    /// Bucket bounds in seconds for the live path's latency histograms: 1 ms … 10 s, closest around the targets (commit → sent
    /// p99 ≤ 20 ms, commit → frame p95 ≤ 100 ms and p99 ≤ 200 ms), where a quantile read from the buckets is interpolated.
    /// </summary>
    public static readonly double[] LatencyBuckets =
        [0.001, 0.0025, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.025, 0.035, 0.05, 0.075, 0.1, 0.15, 0.2, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Counter<long> _events;
    private readonly Histogram<double> _lag;
    private readonly Counter<long> _rebuilds;
    private readonly Histogram<double> _handed;
    private readonly TimeProvider _clock;

    public FeedMetrics(IMeterFactory meters, TimeProvider clock)
    {
        _clock = clock;
        var meter = meters.Create(MeterName);
        _events = meter.CreateCounter<long>("coverage.feed.events", "{event}", "Station events applied to this node's snapshot.");
        _lag = meter.CreateHistogram<double>("coverage.feed.lag", "s",
            "Time from the writing transaction (the event's time) until this node applied the event to its snapshot.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _rebuilds = meter.CreateCounter<long>("coverage.snapshot.rebuilds", "{rebuild}",
            "Snapshots rebuilt from the database (start-up, a reset database) instead of patched from events.");
        _handed = meter.CreateHistogram<double>("coverage.feed.handed", "s",
            "Time from the writing transaction until this node had handed a change on to a part of its screens, one record per change " +
            "and part: part=walls (every wall display's render done, each waited for at most 100 ms), screens (every other live page updated, or queued in the live lane " +
            "when the node holds many). Between coverage.feed.lag and coverage.circuit.sent, they tell which part of commit → sent takes " +
            "the time on this node.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
    }

    /// <summary>Records a batch of events just applied: one count each, and the lag of each.</summary>
    public void Applied(IReadOnlyList<StationChangedMessage> events)
    {
        if (events.Count == 0) return;
        var now = _clock.GetUtcNow();
        _events.Add(events.Count);
        foreach (var e in events) _lag.Record(Math.Max(0, (now - e.OccurredAt).TotalSeconds));
    }

    public void Rebuilt() => _rebuilds.Add(1);

    /// <summary>The change whose newest event is <paramref name="newest"/> has been handed on to the walls
    /// (<see cref="PublishOrder.First"/>) or the other screens (<see cref="PublishOrder.Normal"/>).</summary>
    public void Handed(StationChangedMessage newest, PublishOrder part) =>
        _handed.Record(Math.Max(0, (_clock.GetUtcNow() - newest.OccurredAt).TotalSeconds), part == PublishOrder.First ? WallsPart : ScreensPart);

    private static readonly KeyValuePair<string, object?> WallsPart = new("part", "walls");
    private static readonly KeyValuePair<string, object?> ScreensPart = new("part", "screens");
}
