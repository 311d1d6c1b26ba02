using Coverage.Domain.Divisions;
using Coverage.Domain.Coverage;
using Coverage.Dashboard.Security;
using Microsoft.AspNetCore.SignalR;

namespace Coverage.Dashboard.Hubs;

/// <summary>The methods the server calls on hub clients.</summary>
public interface ICoverageClient
{
    /// <summary>One station change, in event-id order.</summary>
    Task StationChanged(StationChangedMessage change);

    /// <summary>
    /// Many changes committed together (more than <see cref="HubBroadcaster.BatchThreshold"/> for this client's scope), in
    /// event-id order: one message instead of thousands, so a province-wide transaction reaches every client in time.
    /// </summary>
    Task StationsChanged(IReadOnlyList<StationChangedMessage> changes);

    /// <summary>The same as <see cref="StationsChanged"/>, as columns (see <see cref="StationsBatch"/>), for a client that called
    /// <see cref="CoverageHub.UseCompactBatches"/>.</summary>
    Task StationsBatch(StationsBatch batch);
    /// <summary>
    /// This node is shutting down (a rolling restart): everything it owed this client has been sent. Reconnect through the
    /// load balancer (it sends the new connection to another node) and call <see cref="CoverageHub.ChangesSince"/> with the
    /// last event id applied. A client that ignores it is disconnected a moment later and reconnects as after any loss.
    /// </summary>
    Task Move();
}

/// <summary>
/// <c>/hubs/coverage</c>: pushes every station change to outside clients (other screens, integrations).
/// A new connection receives the whole province; <see cref="JoinPrefecture"/> narrows it to one prefecture, replacing
/// whatever scope the connection had, and <see cref="JoinProvince"/> widens it to the whole province again. A client that
/// was away (or was disconnected for falling behind, see <see cref="HubOutboxes"/>) asks <see cref="ChangesSince"/> for what it missed.
/// </summary>
public sealed class CoverageHub(ICoverageFeed feed, HubOutboxes outboxes, IStationEventLog log) : Hub<ICoverageClient>
{
    public const string Path = "/hubs/coverage";

    /// <summary>At most this many changes per <see cref="ChangesSince"/> call.</summary>
    public const int ChangesSinceLimit = 1000;

    public override async Task OnConnectedAsync()
    {
        // A display token's connection starts (and stays) in its own scope.
        outboxes.SetScope(Context.ConnectionId,
            Context.User?.ToActor() is { IsDisplay: true, Scope.PrefectureCode: { } own } ? own : null);
        await base.OnConnectedAsync();
    }

    /// <summary>From now on, receive only the changes of prefecture <paramref name="code"/> (e.g. "5101"), and no longer
    /// those of the scope joined before.</summary>
    public Task JoinPrefecture(string code)
    {
        if (!PrefectureCode.IsValid(code) || !feed.Current.Prefectures.ContainsKey(code))
            throw new HubException($"Unknown prefecture code '{code}'.");
        if (Context.User?.ToActor() is { } actor && !actor.CanRead(code))
            throw new HubException($"Prefecture {code} is outside this display's scope ({actor.Scope}).");
        outboxes.SetScope(Context.ConnectionId, code);
        return Task.CompletedTask;
    }

    /// <summary>From now on, receive the changes of the whole province again.</summary>
    public Task JoinProvince()
    {
        if (Context.User?.ToActor() is { IsDisplay: true, Scope.IsProvince: false } actor)
            throw new HubException($"The province is outside this display's scope ({actor.Scope}).");
        outboxes.SetScope(Context.ConnectionId, null);
        return Task.CompletedTask;
    }

    /// <summary>From now on, receive many changes committed together as one compact <see cref="Hubs.StationsBatch"/> (columns)
    /// instead of a <c>StationsChanged</c> array; single changes still come as <c>StationChanged</c>. Lasts for the connection.</summary>
    public Task UseCompactBatches()
    {
        outboxes.UseCompactBatches(Context.ConnectionId);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The changes after event <paramref name="eventId"/> in this connection's scope, in event-id order, at most
    /// <see cref="ChangesSinceLimit"/> (call again from the last one for more). Changes pushed meanwhile may also arrive
    /// pushed: a client keeps the highest event id it applied and skips any at or below it.
    /// </summary>
    public async Task<IReadOnlyList<StationChangedMessage>> ChangesSince(long eventId)
    {
        if (eventId < 0) throw new HubException("The event id must be 0 or more.");
        // A connection being dropped has no scope left: refuse rather than answer the province to a prefecture's display.
        if (!outboxes.TryGetScope(Context.ConnectionId, out var prefecture)) throw new HubException("This connection is closing; reconnect.");
        return await log.SinceAsync(eventId, prefecture, ChangesSinceLimit, Context.ConnectionAborted);
    }
}
