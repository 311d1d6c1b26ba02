using Coverage.Domain.Divisions;
using Coverage.Domain.Coverage;
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
/// A new connection receives the whole province; <see cref="JoinPrefecture"/> narrows it to one prefecture.
/// </summary>
public sealed class CoverageHub(ICoverageFeed feed) : Hub<ICoverageClient>
{
    public const string Path = "/hubs/coverage";
    internal const string ProvinceGroup = "province";

    internal static string PrefectureGroup(string code) => "prefecture:" + code;

    public override async Task OnConnectedAsync()
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, ProvinceGroup);
        await base.OnConnectedAsync();
    }

    /// <summary>From now on, receive only the changes of prefecture <paramref name="code"/> (e.g. "5101").</summary>
    public async Task JoinPrefecture(string code)
    {
        if (!PrefectureCode.IsValid(code) || !feed.Current.Prefectures.ContainsKey(code))
            throw new HubException($"Unknown prefecture code '{code}'.");
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, ProvinceGroup);
        await Groups.AddToGroupAsync(Context.ConnectionId, PrefectureGroup(code));
    }
}
