using System.Threading.Channels;
using Coverage.Domain.Coverage;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Coverage.Dashboard.Hubs;

/// <summary>
/// Forwards every change the node's change feed applies to the hub's clients, in event-id order. Updates are queued and
/// posted from a loop of their own to each connection's outbox (<see cref="HubOutboxes"/>), serialised once per scope, which
/// writes them into the connection at once or queues them behind a write that waits: the loop never waits for a client, so a
/// slow client holds up neither the feed, the screens nor the other clients.
/// </summary>
public sealed partial class HubBroadcaster(ICoverageFeed feed, HubOutboxes outboxes, ILogger<HubBroadcaster> logger)
    : BackgroundService
{
    /// <summary>Up to this many changes in one update go out one by one as StationChanged; more go as one StationsChanged.</summary>
    public const int BatchThreshold = 32;

    private readonly Channel<IReadOnlyList<StationChangedMessage>> _queue =
        Channel.CreateUnbounded<IReadOnlyList<StationChangedMessage>>(new UnboundedChannelOptions { SingleReader = true });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // After the screens: a wall's update is on its way before two thousand outbox writes join the same thread pool.
        using var subscription = feed.SubscribeAfterScreens(update =>
        {
            if (update.Events.Count > 0) _queue.Writer.TryWrite(update.Events);
            return Task.CompletedTask;
        });
        await foreach (var events in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                using var scope = logger.BeginScope(new Dictionary<string, object> { ["FirstEventId"] = events[0].EventId, ["LastEventId"] = events[^1].EventId });
                outboxes.Post((prefecture, compact) => Messages(prefecture is null ? events : events.Where(e => e.PrefectureCode == prefecture).ToList(), compact),
                    events.Max(e => e.OccurredAt));
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogSendFailed(logger, e);
            }
        }
    }

    /// <summary>The hub messages for <paramref name="changes"/>: one StationChanged each, or for many one StationsChanged (one
    /// <see cref="StationsBatch"/> when <paramref name="compact"/>).</summary>
    private static IReadOnlyList<SerializedHubMessage> Messages(IReadOnlyList<StationChangedMessage> changes, bool compact) =>
        changes.Count > BatchThreshold
            ? [compact
                ? new SerializedHubMessage(new InvocationMessage(nameof(ICoverageClient.StationsBatch), [StationsBatch.From(changes)]))
                : new SerializedHubMessage(new InvocationMessage(nameof(ICoverageClient.StationsChanged), [changes]))]
            : [.. changes.Select(c => new SerializedHubMessage(new InvocationMessage(nameof(ICoverageClient.StationChanged), [c])))];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending station changes to hub clients failed.")]
    private static partial void LogSendFailed(ILogger logger, Exception e);
}
