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
}

/// <summary>
/// <c>/hubs/coverage</c>: pushes every station change to outside clients (other screens, integrations).
/// A new connection receives the whole province; <see cref="JoinPrefecture"/> narrows it to one prefecture, replacing
/// whatever scope the connection had, and <see cref="JoinProvince"/> widens it to the whole province again.
/// </summary>
public sealed class CoverageHub(ICoverageFeed feed) : Hub<ICoverageClient>
{
    public const string Path = "/hubs/coverage";
    internal const string ProvinceGroup = "province";

    // The group this connection is in, kept per connection; SignalR runs one invocation of a client at a time, so
    // a switch never races another.
    private const string ScopeKey = "coverage-scope";

    internal static string PrefectureGroup(string code) => "prefecture:" + code;

    public override async Task OnConnectedAsync()
    {
        // A display token's connection starts (and stays) in its own scope.
        var group = Context.User?.ToActor() is { IsDisplay: true, Scope.PrefectureCode: { } own } ? PrefectureGroup(own) : ProvinceGroup;
        await Groups.AddToGroupAsync(Context.ConnectionId, group);
        Context.Items[ScopeKey] = group;
        await base.OnConnectedAsync();
    }

    /// <summary>From now on, receive only the changes of prefecture <paramref name="code"/> (e.g. "5101"), and no longer
    /// those of the scope joined before.</summary>
    public async Task JoinPrefecture(string code)
    {
        if (!PrefectureCode.IsValid(code) || !feed.Current.Prefectures.ContainsKey(code))
            throw new HubException($"Unknown prefecture code '{code}'.");
        if (Context.User?.ToActor() is { } actor && !actor.CanRead(code))
            throw new HubException($"Prefecture {code} is outside this display's scope ({actor.Scope}).");
        await MoveToAsync(PrefectureGroup(code));
    }

    /// <summary>From now on, receive the changes of the whole province again.</summary>
    public Task JoinProvince() =>
        Context.User?.ToActor() is { IsDisplay: true, Scope.IsProvince: false } actor
            ? throw new HubException($"The province is outside this display's scope ({actor.Scope}).")
            : MoveToAsync(ProvinceGroup);

    // The new group is joined before the old one is left, so a change committed during the switch can arrive twice
    // (same eventId) but is never missed.
    private async Task MoveToAsync(string group)
    {
        var current = Context.Items.TryGetValue(ScopeKey, out var scope) ? (string)scope! : ProvinceGroup;
        if (current == group) return;
        await Groups.AddToGroupAsync(Context.ConnectionId, group);
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, current);
        Context.Items[ScopeKey] = group;
    }
}
