using Coverage.Domain.Access;

namespace Coverage.Domain.Stations;

/// <summary>What became of a request to change a station.</summary>
public enum StationChangeOutcome
{
    /// <summary>Written, with its audit row, in one transaction.</summary>
    Applied,
    /// <summary>There is no station with that id; nothing written.</summary>
    NotFound,
    /// <summary>The actor may not record this change (role or scope); nothing written but a <see cref="AuditAction.WriteDenied"/> row.</summary>
    Denied,
    /// <summary>The change breaks a rule (a future date, a transition the lifecycle refuses); nothing written.</summary>
    Invalid,
}

/// <summary>
/// The outcome of a station change: the station as written when applied; otherwise the request field that is wrong
/// (<see cref="Field"/>) and why, or the scope that does not reach the station.
/// </summary>
public sealed record StationChangeResult(StationChangeOutcome Outcome, StationRecord? Station = null, string? Field = null, string? Error = null)
{
    public const string StatusField = "status";
    public const string EffectiveOnField = "effectiveOn";

    public static StationChangeResult Applied(StationRecord station) => new(StationChangeOutcome.Applied, station);
    public static StationChangeResult NotFound(int id) => new(StationChangeOutcome.NotFound, Error: $"There is no station with id {id}.");
    public static StationChangeResult Denied(string reason) => new(StationChangeOutcome.Denied, Error: reason);
    public static StationChangeResult Invalid(string field, string error) => new(StationChangeOutcome.Invalid, Field: field, Error: error);
}

/// <summary>
/// Recording a station change directly ("record a change": a province admin anywhere, prefecture staff in their
/// prefecture — <see cref="Actor.CanRecordChange"/>). The one write path for a station's status; every caller (the API,
/// pages, later the report workflow) goes through it, so the scope check and the audit row cannot be skipped.
/// </summary>
public interface IStationChanges
{
    /// <summary>
    /// Moves station <paramref name="stationId"/> to <paramref name="status"/> as of <paramref name="effectiveOn"/> (not in
    /// the future) through the station's lifecycle methods, with a <see cref="AuditAction.StationChanged"/> row in the same
    /// transaction; a refused actor leaves a <see cref="AuditAction.WriteDenied"/> row and nothing else.
    /// </summary>
    Task<StationChangeResult> RecordStatusAsync(Actor actor, int stationId, StationStatus status, DateOnly effectiveOn, string? ip,
        CancellationToken ct = default);
}
