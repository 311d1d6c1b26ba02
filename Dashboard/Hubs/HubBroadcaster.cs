using Coverage.Infrastructure.Coverage;
using Microsoft.AspNetCore.SignalR;

namespace Coverage.Dashboard.Hubs;

/// <summary>Forwards every change the node's change feed applies to the hub's clients, in event-id order.</summary>
public sealed class HubBroadcaster(CoverageNotifier notifier, IHubContext<CoverageHub, ICoverageClient> hub) : IHostedService
{
    /// <summary>Up to this many changes in one update go out one by one as StationChanged; more go as one StationsChanged.</summary>
    public const int BatchThreshold = 32;

    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = notifier.Subscribe(ForwardAsync);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }

    private async Task ForwardAsync(CoverageUpdate update)
    {
        if (update.Events.Count == 0) return;
        await SendAsync(hub.Clients.Group(CoverageHub.ProvinceGroup), update.Events);
        foreach (var prefecture in update.Events.GroupBy(e => e.PrefectureCode))
            await SendAsync(hub.Clients.Group(CoverageHub.PrefectureGroup(prefecture.Key)), prefecture.ToList());
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
}
