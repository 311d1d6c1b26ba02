using System.Diagnostics.Metrics;
using Coverage.Infrastructure.Telemetry;

namespace Coverage.Dashboard.Tests.Support;

/// <summary>
/// Records what one of the application's instruments (meter <see cref="FeedMetrics.MeterName"/>) measures through
/// <paramref name="meters"/>, each value with the tag <paramref name="tag"/> (null when it has none). Dispose to stop.
/// </summary>
public sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<(double Value, string? Tag)> _recorded = [];
    private readonly List<(int Count, TaskCompletionSource Done)> _waiting = [];

    public MetricRecorder(IMeterFactory meters, string instrument, string? tag = null)
    {
        _listener.InstrumentPublished = (i, l) =>
        {
            if (i.Meter.Scope == meters && i.Meter.Name == FeedMetrics.MeterName && i.Name == instrument) l.EnableMeasurementEvents(i);
        };
        _listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            string? found = null;
            foreach (var t in tags) if (t.Key == tag) found = t.Value as string;
            lock (_recorded)
            {
                _recorded.Add((value, found));
                foreach (var w in _waiting.Where(w => _recorded.Count >= w.Count)) w.Done.TrySetResult();
            }
        });
        _listener.Start();
    }

    /// <summary>A new service provider's meter factory, for tests that build the metrics classes themselves.</summary>
    public static IMeterFactory NewMeterFactory() => new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();

    /// <summary>What was recorded so far, in order.</summary>
    public IReadOnlyList<(double Value, string? Tag)> Recorded
    {
        get
        {
            lock (_recorded) return [.. _recorded];
        }
    }

    /// <summary>Completes once <paramref name="count"/> values have been recorded (a measurement made on another thread).</summary>
    public Task WhenRecorded(int count)
    {
        lock (_recorded)
        {
            if (_recorded.Count >= count) return Task.CompletedTask;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Add((count, done));
            return done.Task;
        }
    }

    public void Dispose() => _listener.Dispose();
}
