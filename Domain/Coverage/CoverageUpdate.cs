using Coverage.Domain.Stations;

namespace Coverage.Domain.Coverage;

/// <summary>
/// A station change as pushed to screens and hub clients: one row of the <c>station_events</c> log. This is
/// the hub's <c>StationChanged</c> message contract.
/// </summary>
public sealed record StationChangedMessage(
    long EventId,
    int StationId,
    string TownshipCode,
    string CountyCode,
    string PrefectureCode,
    StationStatus Status,
    BuildMode Mode,
    DateTimeOffset OccurredAt)
{
    /// <summary>
    /// The status before the change (null when the station was created). An event whose status did not change records new staff,
    /// services, operator, name or build mode; a go-live is an event into <see cref="StationStatus.Operating"/> from another status.
    /// </summary>
    public StationStatus? PreviousStatus { get; init; }

    /// <summary>True when the station went live with this event (not a change of details of a station already operating).</summary>
    public bool IsGoLive => Status == StationStatus.Operating && PreviousStatus != StationStatus.Operating;
}

/// <summary>
/// One batch of changes applied to the snapshot. <see cref="Rebuilt"/> is true when the snapshot was rebuilt
/// from the database instead (start-up, or a gap too large to replay): subscribers should redraw everything.
/// </summary>
public sealed record CoverageUpdate(CoverageSnapshot Snapshot, IReadOnlyList<StationChangedMessage> Events, bool Rebuilt);

/// <summary>How fresh this node's view of the database is, for screens that must never pass old numbers off as live.</summary>
public sealed record FeedHealth(bool Connected, DateTimeOffset? LastEventAt, DateTimeOffset? LastHeartbeatAt);

/// <summary>
/// The live coverage a node holds: the current snapshot, its updates and its health. Infrastructure keeps it
/// (loading and patching the snapshot from PostgreSQL); screens and endpoints only read it.
/// </summary>
public interface ICoverageFeed
{
    /// <summary>The latest snapshot (<see cref="CoverageSnapshot.Empty"/> until the first is loaded).</summary>
    CoverageSnapshot Current { get; }

    /// <summary>Completes when the first snapshot has been loaded.</summary>
    Task Loaded { get; }

    bool IsLoaded => Loaded.IsCompleted;

    /// <summary>True while the database cannot be reached or is failing (as opposed to still starting).</summary>
    bool IsUnavailable { get; }

    FeedHealth Health { get; }

    /// <summary>Receive every update from now on; dispose the result to stop. Handlers run one after another.</summary>
    IDisposable Subscribe(Func<CoverageUpdate, Task> handler);

    /// <summary>
    /// As <see cref="Subscribe"/>, but called before every other handler: for the walls, whose commit → pixel the design times.
    /// The other screens' updates (queued in the live lane when a node holds many) and the hub's fan-out then start after the
    /// walls' renders, instead of taking the cores while the walls render.
    /// </summary>
    IDisposable SubscribeFirst(Func<CoverageUpdate, Task> handler) => Subscribe(handler);

    /// <summary>
    /// As <see cref="Subscribe"/>, but called after every handler subscribed with it: for fan-out to many clients (the hub) that
    /// must not queue its work ahead of the screens' (a wall's update starts before two thousand hub writes).
    /// </summary>
    IDisposable SubscribeAfterScreens(Func<CoverageUpdate, Task> handler) => Subscribe(handler);
}

/// <summary>The station change log (<c>station_events</c>) read back: what a client that was away missed.</summary>
public interface IStationEventLog
{
    /// <summary>
    /// The changes after event <paramref name="afterEventId"/>, in event-id order, of prefecture <paramref name="prefecture"/>
    /// (null: the whole province), at most <paramref name="limit"/>; ask again from the last one for more.
    /// </summary>
    Task<IReadOnlyList<StationChangedMessage>> SinceAsync(long afterEventId, string? prefecture, int limit, CancellationToken ct);
}
