using Coverage.Infrastructure.Coverage;
using Microsoft.AspNetCore.SignalR;

namespace Coverage.Dashboard.Hubs;

/// <summary>Forwards every change the node's change feed applies to the hub's clients, in event-id order.</summary>
public sealed class HubBroadcaster(CoverageNotifier notifier, IHubContext<CoverageHub, ICoverageClient> hub) : IHostedService
{
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
        foreach (var change in update.Events)
        {
            await hub.Clients.Group(CoverageHub.ProvinceGroup).StationChanged(change);
            await hub.Clients.Group(CoverageHub.PrefectureGroup(change.PrefectureCode)).StationChanged(change);
        }
    }
}
