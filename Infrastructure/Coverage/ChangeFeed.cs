using System.Globalization;
using Coverage.Domain.Coverage;
using Coverage.Infrastructure.Data;
using Coverage.Infrastructure.Telemetry;
using Coverage.Infrastructure.Data.Sql;
using Coverage.Infrastructure.Reports;
using Coverage.Domain.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Coverage.Infrastructure.Coverage;

/// <summary>What a screen needs to judge how fresh its data is.</summary>
public sealed class ChangeFeedStatus
{
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes the first time the feed is listening with a loaded snapshot.</summary>
    public Task Listening => _listening.Task;

    internal void MarkListening() => _listening.TrySetResult();

    public bool Connected { get; internal set; }
    /// <summary>True once the listening connection has read every event committed before it listened (false while it reconnects):
    /// with <see cref="Connected"/>, what readiness asks of the feed.</summary>
    public bool CaughtUp { get; internal set; }
    /// <summary>When the last station event was applied on this node.</summary>
    public DateTimeOffset? LastEventAt { get; internal set; }
    /// <summary>When the listening connection last proved alive (a notification or a keepalive round trip).</summary>
    public DateTimeOffset? LastHeartbeatAt { get; internal set; }
    public int Reconnects { get; internal set; }
}

/// <summary>
/// Opens the feed's dedicated listening connections: unpooled, with keepalives, named so operators can find them, and with the
/// same type mappings as every other connection (PostGIS), since the feed reads the events on the connection it listens on.
/// </summary>
public sealed class ChangeFeedConnectionFactory(string connectionString) : IDisposable
{
    public const string ApplicationName = "coverage-change-feed";

    private readonly NpgsqlDataSource _source = DependencyInjection.BuildDataSource(new NpgsqlConnectionStringBuilder(connectionString)
    {
        Pooling = false,
        KeepAlive = 5,
        TcpKeepAlive = true,
        ApplicationName = ApplicationName,
        MaxAutoPrepare = 8,
    }.ConnectionString);

    public NpgsqlConnection Create() => _source.CreateConnection();

    public void Dispose() => _source.Dispose();
}

/// <summary>
/// The change feed: one dedicated listening connection per node. On every notification and on every
/// (re)connect it reads <c>station_events where id &gt; last_seen</c> in order, patches the snapshot and tells
/// subscribers — so NOTIFY's at-most-once delivery never loses a change: a missed notification is caught up by
/// the next read. LISTEN is issued before the catch-up read, so nothing committed in between is missed either.
/// </summary>
public sealed partial class ChangeFeed(
    ChangeFeedConnectionFactory connections,
    IDbContextFactory<CoverageDbContext> dbFactory,
    CoverageSnapshotStore store,
    CoverageNotifier notifier,
    ChangeFeedStatus status,
    ReportNotices reports,
    Indicators.IndicatorNotices indicators,
    DatabaseStatus database,
    TimeProvider clock,
    FeedMetrics metrics,
    ILogger<ChangeFeed> logger) : BackgroundService
{
    private const int BatchSize = 5000;
    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(5);
    private long _notifiedUpTo;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await database.Ready.WaitAsync(stoppingToken);
        var delay = TimeSpan.FromMilliseconds(250);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                status.Connected = false;
                status.CaughtUp = false;
                status.Reconnects++;
                LogLost(logger, delay.TotalMilliseconds, e.GetBaseException().Message, e is NpgsqlException ? null : e);
                await Task.Delay(delay, clock, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
                continue;
            }
        }

        async Task ListenAsync(CancellationToken ct)
        {
            await using var connection = connections.Create();
            connection.Notification += OnNotification;
            await connection.OpenAsync(ct);
            await using (var listen = new NpgsqlCommand($"LISTEN {ChangeFeedSql.Channel}; LISTEN {ChangeFeedSql.ReportsChannel}; LISTEN {Indicators.IndicatorNotices.Channel}", connection))
                await listen.ExecuteNonQueryAsync(ct);
            // The feed's reads go over this connection, through one context for as long as it is open (the loop is sequential).
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            db.Database.SetDbConnection(connection); // open already: the context neither opens nor closes it

            status.Connected = true;
            status.LastHeartbeatAt = clock.GetUtcNow();
            if (!store.IsLoaded || await StreamWentBackAsync(db, ct))
            {
                var snapshot = await store.RebuildAsync(ct);
                metrics.Rebuilt();
                await notifier.PublishAsync(new CoverageUpdate(snapshot, [], Rebuilt: true));
            }
            await CatchUpAsync(db, ct);
            status.CaughtUp = true;
            delay = TimeSpan.FromMilliseconds(250);
            LogListening(logger, store.Current.LastEventId);
            status.MarkListening();
            // Report notices sent while the connection was down are lost: tell every screen to look again.
            reports.Publish(new ReportNotice(0, "", ReportState.Pending));
            indicators.Publish();

            while (!ct.IsCancellationRequested)
            {
                var notified = await connection.WaitAsync(HeartbeatInterval, ct);
                if (!notified)
                {
                    // No notification for a while: prove the connection is alive, and catch up in case one was lost.
                    await using var ping = new NpgsqlCommand("SELECT 1", connection);
                    await ping.ExecuteScalarAsync(ct);
                }
                status.LastHeartbeatAt = clock.GetUtcNow();
                if (!notified || Interlocked.Read(ref _notifiedUpTo) > store.Current.LastEventId)
                    await CatchUpAsync(db, ct);
            }
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        if (e.Channel == ChangeFeedSql.ReportsChannel)
        {
            reports.Publish(e.Payload);
            return;
        }
        if (e.Channel == Indicators.IndicatorNotices.Channel)
        {
            indicators.Publish();
            return;
        }
        if (!long.TryParse(e.Payload, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) id = long.MaxValue;
        long seen;
        do
        {
            seen = Interlocked.Read(ref _notifiedUpTo);
            if (id <= seen) return;
        } while (Interlocked.CompareExchange(ref _notifiedUpTo, id, seen) != seen);
    }

    /// <summary>True when the database's log ends before our snapshot (restored or recreated): rebuild.</summary>
    private async Task<bool> StreamWentBackAsync(CoverageDbContext db, CancellationToken ct)
    {
        var max = await db.StationEvents.MaxAsync(e => (long?)e.Id, ct) ?? 0;
        return max < store.Current.LastEventId;
    }

    /// <summary>
    /// Reads every event after the snapshot's, in order and in batches, and applies them. The reads go over the listening
    /// connection itself (it is idle between notifications), which is open and warm: no pooled connection to rent and reset
    /// between a commit and the screens that show it.
    /// </summary>
    private async Task CatchUpAsync(CoverageDbContext db, CancellationToken ct)
    {
        while (true)
        {
            var snapshot = store.Current;
            var events = await db.StationEvents.AsNoTracking()
                .Where(e => e.Id > snapshot.LastEventId)
                .OrderBy(e => e.Id)
                .Take(BatchSize)
                .Select(e => e.ToMessage())
                .ToListAsync(ct);
            if (events.Count == 0) return;

            var codes = events.Select(e => e.TownshipCode).Distinct().ToList();
            var changed = await CoverageSnapshotStore.LoadTownshipsAsync(db, codes, ct);
            var next = snapshot.With(changed, events[^1].EventId, clock.GetUtcNow());
            store.Publish(next);
            status.LastEventAt = clock.GetUtcNow();
            metrics.Applied(events);
            // Every log line while the update is handed on names the events it carries.
            using (logger.BeginScope(new Dictionary<string, object> { ["FirstEventId"] = events[0].EventId, ["LastEventId"] = events[^1].EventId }))
            {
                LogApplied(logger, events.Count, events[0].EventId, events[^1].EventId);
                await notifier.PublishAsync(new CoverageUpdate(next, events, Rebuilt: false));
            }
            if (events.Count < BatchSize) return;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Applied {Count} station events {FirstEventId}…{LastEventId}.")]
    private static partial void LogApplied(ILogger logger, int count, long firstEventId, long lastEventId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Change feed listening; snapshot at event {EventId}.")]
    private static partial void LogListening(ILogger logger, long eventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Change feed connection lost; reconnecting in {DelayMs} ms: {Reason}")]
    private static partial void LogLost(ILogger logger, double delayMs, string reason, Exception? exception);
}
