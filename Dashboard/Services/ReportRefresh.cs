using Coverage.Domain.Reports;

namespace Coverage.Dashboard.Services;

/// <summary>
/// A screen's subscription to <see cref="IReportNotices"/> that turns notices into refreshes, cheaply: one refresh runs at a
/// time, notices arriving meanwhile are folded into one more refresh after it, and refreshes are at least
/// <see cref="Interval"/> apart — a burst of reports (a county submitting a dozen) costs one or two queries, not a dozen.
/// The first notice after a quiet spell refreshes at once. Dispose to leave.
/// </summary>
public sealed class ReportRefresh : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly Func<Task> _refresh;
    private readonly TimeProvider _clock;
    private readonly IDisposable _subscription;
    private readonly ExecutionContext? _context;
    private readonly CancellationTokenSource _stop = new();
    // Taken once: it stays usable (cancelled) after the source is disposed.
    private readonly CancellationToken _stopped;
    private int _pending;
    private int _running;

    /// <param name="notices">The node's report notices.</param>
    /// <param name="relevant">Whether a notice concerns this screen (its actor's scope).</param>
    /// <param name="refresh">Reloads what the screen shows; it handles its own failures.</param>
    /// <param name="clock">The app's clock.</param>
    public ReportRefresh(IReportNotices notices, Func<ReportNotice, bool> relevant, Func<Task> refresh, TimeProvider clock)
        : this(request => notices.Subscribe(notice =>
        {
            if (relevant(notice)) request();
            return Task.CompletedTask;
        }), refresh, clock)
    {
    }

    /// <summary>The same refreshes for any other notices (indicator values): <paramref name="subscribe"/> calls the given action on each relevant one.</summary>
    public ReportRefresh(Func<Action, IDisposable> subscribe, Func<Task> refresh, TimeProvider clock)
    {
        _refresh = refresh;
        _clock = clock;
        _stopped = _stop.Token;
        // Notices arrive on the feed's threads; refreshes run in the subscriber's context (its culture, as a timer would).
        _context = ExecutionContext.Capture();
        _subscription = subscribe(Request);
    }

    private void Request()
    {
        Volatile.Write(ref _pending, 1);
        if (Interlocked.CompareExchange(ref _running, 1, 0) != 0) return;
        if (_context is null) _ = RunAsync();
        else ExecutionContext.Run(_context, static self => _ = ((ReportRefresh)self!).RunAsync(), this);
    }

    private async Task RunAsync()
    {
        try
        {
            while (!_stopped.IsCancellationRequested)
            {
                if (Interlocked.Exchange(ref _pending, 0) == 0)
                {
                    Volatile.Write(ref _running, 0);
                    // A notice may have come in between the check and the release: whoever wins the flag runs it.
                    if (Volatile.Read(ref _pending) == 0 || Interlocked.CompareExchange(ref _running, 1, 0) != 0) return;
                    continue;
                }
                await _refresh();
                await Task.Delay(Interval, _clock, _stopped);
            }
        }
        catch (OperationCanceledException) when (_stopped.IsCancellationRequested)
        {
            // disposed while waiting
        }
    }

    public void Dispose()
    {
        if (_stopped.IsCancellationRequested) return;
        _stop.Cancel();
        _subscription.Dispose();
        _stop.Dispose();
    }
}
