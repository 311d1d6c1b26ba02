using System.Diagnostics.Metrics;
using Coverage.Domain.Coverage;
using Coverage.Infrastructure.Telemetry;

namespace Coverage.Dashboard.Services;

/// <summary>
/// The dashboard's live-path metrics (meter <see cref="FeedMetrics.MeterName"/>, scraped at <c>/metrics</c>): how long after
/// its transaction a change was written to each hub connection and rendered in each circuit, hub connections and those
/// dropped for falling behind, and the map-layer cache's hits, misses, entries, bytes, evictions, refusals and build times.
/// </summary>
public sealed class LiveMetrics
{
    private readonly Histogram<double> _hubSent;
    private readonly Histogram<double> _circuitSent;
    private readonly Counter<long> _hubDropped;
    private readonly Counter<long> _layerHits;
    private readonly Counter<long> _layerMisses;
    private readonly Counter<long> _layerEvictions;
    private readonly Counter<long> _layerRefused;
    private readonly Histogram<double> _layerBuild;
    private readonly Histogram<double> _laneRound;
    private readonly TimeProvider _clock;
    private Func<int> _hubConnections = () => 0;
    private Func<long> _layerEntries = () => 0;
    private Func<long> _layerBytes = () => 0;

    public LiveMetrics(IMeterFactory meters, TimeProvider clock)
    {
        _clock = clock;
        var meter = meters.Create(FeedMetrics.MeterName);
        var buckets = new InstrumentAdvice<double> { HistogramBucketBoundaries = FeedMetrics.LatencyBuckets };
        _hubSent = meter.CreateHistogram<double>("coverage.hub.sent", "s",
            "Time from the writing transaction until the change was written to a hub connection (one record per connection and update).",
            advice: buckets);
        _circuitSent = meter.CreateHistogram<double>("coverage.circuit.sent", "s",
            "Time from the writing transaction until a live page rendered the change in its circuit (one record per circuit and batch); " +
            "screen=wall for wall displays (updated first), page for every other page (updated in the live lane, BackgroundLiveLane).",
            advice: buckets);
        _hubDropped = meter.CreateCounter<long>("coverage.hub.dropped", "{connection}",
            "Hub connections disconnected for falling too far behind (Hub:Capacity updates).");
        meter.CreateObservableUpDownCounter("coverage.hub.connections", () => _hubConnections(), "{connection}", "Open hub connections on this node.");
        _layerHits = meter.CreateCounter<long>("coverage.layers.hits", "{request}", "Map layer requests answered from the layer cache.");
        _layerMisses = meter.CreateCounter<long>("coverage.layers.misses", "{request}", "Map layer requests that built a new layer.");
        meter.CreateObservableUpDownCounter("coverage.layers.entries", () => _layerEntries(), "{layer}", "Map layers held in the layer cache.");
        meter.CreateObservableUpDownCounter("coverage.layers.size", () => _layerBytes(), "By",
            "Bytes held by the layer cache (JSON and compressed copies), at most Layers:CacheBytes.");
        _layerEvictions = meter.CreateCounter<long>("coverage.layers.evictions", "{layer}",
            "Map layers dropped from the layer cache to stay under Layers:CacheBytes or after Layers:IdleMinutes unused.");
        _layerRefused = meter.CreateCounter<long>("coverage.layers.refused", "{request}",
            "Map layer requests refused instead of built: reason=userLimit (429, Limits:LayerBuildsPerWindow) or busy (503, the build queue is full).");
        _layerBuild = meter.CreateHistogram<double>("coverage.layers.build", "s",
            "Time to build and compress one map layer (inside a build slot).", advice: buckets);
        _laneRound = meter.CreateHistogram<double>("coverage.lane.round", "s",
            "Time the live lane took for one round of page updates, from its first delivery until nothing was left queued (only while " +
            "the node holds more live components than the lane's threshold); a change reaches the last page that long after the first.",
            advice: buckets);
    }

    internal void ObserveHubConnections(Func<int> count) => _hubConnections = count;

    internal void ObserveLayerCache(Func<long> entries, Func<long> bytes)
    {
        _layerEntries = entries;
        _layerBytes = bytes;
    }

    public void HubSent(DateTimeOffset committedAt) => _hubSent.Record(SecondsSince(committedAt));

    public void HubDropped() => _hubDropped.Add(1);

    /// <summary>
    /// A live page rendered a batch of <paramref name="events"/>; records the newest one's time since commit, tagged with the kind of
    /// screen: a wall's update is what the walls' commit → pixel waits for, other pages' updates are queued behind the walls by design.
    /// </summary>
    public void CircuitRendered(IReadOnlyList<StationChangedMessage> events, bool wall)
    {
        if (events.Count > 0) _circuitSent.Record(SecondsSince(events[^1].OccurredAt), wall ? WallScreen : PageScreen);
    }

    private static readonly KeyValuePair<string, object?> WallScreen = new("screen", "wall");
    private static readonly KeyValuePair<string, object?> PageScreen = new("screen", "page");

    public void LayerHit() => _layerHits.Add(1);

    public void LayerMiss() => _layerMisses.Add(1);

    public void LayersEvicted(int count) => _layerEvictions.Add(count);

    public void LayerRefused(string reason) => _layerRefused.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void LayerBuilt(TimeSpan took) => _layerBuild.Record(took.TotalSeconds);

    public void LaneRound(TimeSpan took) => _laneRound.Record(took.TotalSeconds);

    private double SecondsSince(DateTimeOffset at) => Math.Max(0, (_clock.GetUtcNow() - at).TotalSeconds);
}
