using System.Globalization;
using Coverage.Domain.Reports;
using Coverage.Domain.Stations;
using Microsoft.Extensions.Logging;

namespace Coverage.Infrastructure.Reports;

/// <summary>
/// Tells this node's screens that a report was submitted or decided — on any node: the change feed's listening connection also
/// listens on <see cref="Data.Sql.ChangeFeedSql.ReportsChannel"/>, which a trigger notifies on every report insert and change of
/// state. A notice only says "look again" (the badge recounts, the inbox reloads); a lost one is repaired by the next, and the
/// feed sends a general one after every reconnect.
/// </summary>
public sealed partial class ReportNotices(ILogger<ReportNotices> logger) : Notices<ReportNotice>(logger), IReportNotices
{
    /// <summary>Parses a notification's payload (<c>&lt;id&gt;,&lt;county&gt;,&lt;state&gt;</c>) and tells every subscriber, without waiting for them.</summary>
    public void Publish(string payload)
    {
        var parts = payload.Split(',');
        if (parts.Length != 3 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ||
            !DomainIds.TryParse(parts[2], out ReportState state))
        {
            LogBadPayload(logger, payload);
            return;
        }
        Publish(new ReportNotice(id, parts[1], state));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a report notification with payload {Payload}.")]
    private static partial void LogBadPayload(ILogger logger, string payload);
}

/// <summary>
/// Notices for this node's screens, told to every subscriber without waiting for them; a handler's failure is logged and never
/// reaches the feed or the other handlers. Subscribe returns the handle that ends the subscription.
/// </summary>
public abstract class Notices<T>(ILogger logger)
{
    private readonly Lock _gate = new();
    private Func<T, Task>[] _handlers = [];

    public IDisposable Subscribe(Func<T, Task> handler)
    {
        lock (_gate) _handlers = [.. _handlers, handler];
        return new Subscription(this, handler);
    }

    public void Publish(T notice)
    {
        foreach (var handler in Volatile.Read(ref _handlers))
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await handler(notice);
                }
                catch (Exception e)
                {
                    NoticeLog.HandlerFailed(logger, typeof(T).Name, e);
                }
            });
        }
    }

    private void Unsubscribe(Func<T, Task> handler)
    {
        lock (_gate) _handlers = [.. _handlers.Where(h => h != handler)];
    }

    private sealed class Subscription(Notices<T> owner, Func<T, Task> handler) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) owner.Unsubscribe(handler);
        }
    }
}

internal static partial class NoticeLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "A {Notice} handler failed.")]
    public static partial void HandlerFailed(ILogger logger, string notice, Exception exception);
}
