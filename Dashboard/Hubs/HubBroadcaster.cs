using System.Threading.Channels;
using Coverage.Domain.Coverage;
using Microsoft.AspNetCore.SignalR;

namespace Coverage.Dashboard.Hubs;

/// <summary>
/// Forwards every change the node's change feed applies to the hub's clients, in event-id order. Updates are
/// queued and sent from a loop of their own, so slow hub clients never hold up the feed or the screens.
/// </summary>
public sealed partial class HubBroadcaster(ICoverageFeed feed, IHubContext<CoverageHub, ICoverageClient> hub, ILogger<HubBroadcaster> logger)
    : BackgroundService
{
    /// <summary>Up to this many changes in one update go out one by one as StationChanged; more go as one StationsChanged.</summary>
    public const int BatchThreshold = 32;

    private readonly Channel<IReadOnlyList<StationChangedMessage>> _queue =
        Channel.CreateUnbounded<IReadOnlyList<StationChangedMessage>>(new UnboundedChannelOptions { SingleReader = true });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = feed.Subscribe(update =>
        {
            if (update.Events.Count > 0) _queue.Writer.TryWrite(update.Events);
            return Task.CompletedTask;
        });
        await foreach (var events in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await SendAsync(hub.Clients.Group(CoverageHub.ProvinceGroup), events);
                foreach (var prefecture in events.GroupBy(e => e.PrefectureCode))
                    await SendAsync(hub.Clients.Group(CoverageHub.PrefectureGroup(prefecture.Key)), prefecture.ToList());
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogSendFailed(logger, e);
            }
        }
    }

    private static async Task SendAsync(ICoverageClient clients, IReadOnlyList<StationChangedMessage> changes)
    {
        if (changes.Count > BatchThreshold)
        {
            await clients.StationsChanged(changes);
            return;
        }
        foreach (var change in changes) await clients.StationChanged(change);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending station changes to hub clients failed.")]
    private static partial void LogSendFailed(ILogger logger, Exception e);
}
