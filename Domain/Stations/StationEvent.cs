using Coverage.Domain.Coverage;

namespace Coverage.Domain.Stations;

/// <summary>
/// One row of the append-only <c>station_events</c> log. Rows are written by a database trigger in the
/// same transaction as the station change, whoever the writer is; the application only reads them.
/// </summary>
public sealed class StationEvent
{
    private StationEvent() { }

    public StationEvent(long id, int stationId, string townshipCode, string countyCode, string prefectureCode,
        StationStatus status, BuildMode mode, StationStatus? previousStatus, DateTimeOffset occurredAt)
    {
        Id = id;
        StationId = stationId;
        TownshipCode = townshipCode;
        CountyCode = countyCode;
        PrefectureCode = prefectureCode;
        Status = status;
        Mode = mode;
        PreviousStatus = previousStatus;
        OccurredAt = occurredAt;
    }

    public long Id { get; private set; }
    public int StationId { get; private set; }
    public string TownshipCode { get; private set; } = "";
    public string CountyCode { get; private set; } = "";
    public string PrefectureCode { get; private set; } = "";
    public StationStatus Status { get; private set; }
    public BuildMode Mode { get; private set; }
    /// <summary>Null when the event records the station's creation.</summary>
    public StationStatus? PreviousStatus { get; private set; }
    public DateTimeOffset OccurredAt { get; private set; }
    /// <summary>
    /// Who made the change, as the trigger recorded it: the user's name for a change made in the app, <c>import:&lt;file&gt;</c> for the
    /// importer, <c>demo:…</c> for the synthetic feed, <c>sql:&lt;database role&gt;</c> for anyone writing SQL directly. Null on events
    /// recorded before authors were kept.
    /// </summary>
    public string? Actor { get; private set; }
    /// <summary>The report (报送) the change applied, when it came from one.</summary>
    public long? ReportId { get; private set; }

    /// <summary>The event as the screens and the hub receive it.</summary>
    public StationChangedMessage ToMessage() =>
        new(Id, StationId, TownshipCode, CountyCode, PrefectureCode, Status, Mode, OccurredAt) { PreviousStatus = PreviousStatus };
}
