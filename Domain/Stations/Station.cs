using Coverage.Domain.Divisions;

namespace Coverage.Domain.Stations;

/// <summary>A change to a station's status or build mode, raised by the station's own methods.</summary>
public sealed record StationChanged(int StationId, string TownshipCode, StationStatus Status, BuildMode Mode, DateOnly On);

/// <summary>
/// A township social-work station (社工站). Its status moves only through the methods below, which enforce
/// the allowed transitions (Planned → UnderConstruction → Operating ⇄ Suspended; construction can be
/// suspended and resumed too) and that dates never go backwards.
/// </summary>
public sealed class Station
{
    private readonly List<StationChanged> _changes = [];

    private Station() { }

    public int Id { get; private set; }
    public string TownshipCode { get; private set; } = "";
    public string Name { get; private set; } = "";
    public BuildMode Mode { get; private set; }
    public StationStatus Status { get; private set; }
    public DateOnly? PlannedOn { get; private set; }
    public DateOnly? ConstructionStartedOn { get; private set; }
    public DateOnly? OperatingSince { get; private set; }
    public DateOnly? SuspendedOn { get; private set; }
    public int SocialWorkers { get; private set; }
    public int CertifiedSocialWorkers { get; private set; }
    public StationServices Services { get; private set; }
    public string? Operator { get; private set; }
    /// <summary>Counts every change to the row, whoever makes it (a database trigger keeps it); a report remembers the version it saw.</summary>
    public int Version { get; private set; }
    /// <summary>When the row last changed and who changed it (the trigger keeps both: a user, <c>import:…</c> or <c>sql:…</c>).</summary>
    public DateTimeOffset UpdatedAt { get; private set; }
    public string? UpdatedBy { get; private set; }

    /// <summary>Changes raised since the station was loaded or created; the database trigger records them durably.</summary>
    public IReadOnlyList<StationChanged> Changes => _changes;

    /// <summary>A new station in the Planned state.</summary>
    public static Station Plan(int id, TownshipCode township, string name, BuildMode mode, DateOnly plannedOn) =>
        Restore(new StationRecord(id, township, name, mode, StationStatus.Planned, plannedOn, null, null, null, 0, 0, StationServices.None, null));

    /// <summary>A station as recorded elsewhere (seed, import); throws <see cref="StationRuleException"/> when the record breaks a rule.</summary>
    public static Station Restore(StationRecord r)
    {
        var error = Validate(r);
        if (error is not null) throw new StationRuleException(error);
        var station = new Station { Id = r.Id, TownshipCode = r.TownshipCode.Value };
        station.Assign(r);
        return station;
    }

    /// <summary>The station's fields as the one read shape the snapshot, the API and the pages use.</summary>
    public StationRecord ToRecord() => new(Id, new TownshipCode(TownshipCode), Name, Mode, Status, PlannedOn, ConstructionStartedOn,
        OperatingSince, SuspendedOn, SocialWorkers, CertifiedSocialWorkers, Services, Operator);

    /// <summary>The first rule a record breaks, in words, or null when it keeps them all.</summary>
    public static string? Validate(StationRecord r)
    {
        if (r.Id <= 0) return "id must be a positive integer";
        if (string.IsNullOrWhiteSpace(r.Name)) return "name is empty";
        if (!Enum.IsDefined(r.Mode)) return "unknown build mode";
        if (r.SocialWorkers < 0 || r.CertifiedSocialWorkers < 0) return "staff counts cannot be negative";
        if (r.CertifiedSocialWorkers > r.SocialWorkers) return "certified social workers exceed social workers";
        if ((r.Services & ~StationServices.All) != 0) return "unknown service";

        DateOnly?[] order = [r.PlannedOn, r.ConstructionStartedOn, r.OperatingSince, r.SuspendedOn];
        DateOnly? previous = null;
        foreach (var date in order)
        {
            if (date is null) continue;
            if (previous is not null && date < previous) return "dates go backwards (planned ≤ construction ≤ operating ≤ suspended)";
            previous = date;
        }

        return r.Status switch
        {
            StationStatus.Planned when r.ConstructionStartedOn is not null || r.OperatingSince is not null || r.SuspendedOn is not null =>
                "a Planned station has no construction, operating or suspended date",
            StationStatus.UnderConstruction when r.ConstructionStartedOn is null => "an UnderConstruction station needs construction_started_on",
            StationStatus.UnderConstruction when r.OperatingSince is not null || r.SuspendedOn is not null =>
                "an UnderConstruction station has no operating or suspended date",
            StationStatus.Operating when r.ConstructionStartedOn is null || r.OperatingSince is null =>
                "an Operating station needs construction_started_on and operating_since",
            StationStatus.Operating when r.SuspendedOn is not null => "an Operating station has no suspended date",
            StationStatus.Suspended when r.SuspendedOn is null || r.ConstructionStartedOn is null =>
                "a Suspended station needs suspended_on and construction_started_on",
            _ when !Enum.IsDefined(r.Status) => "unknown status",
            _ => null,
        };
    }

    /// <summary>Whether <paramref name="from"/> → <paramref name="to"/> is an allowed status transition.</summary>
    public static bool CanMove(StationStatus from, StationStatus to) => (from, to) switch
    {
        (StationStatus.Planned, StationStatus.UnderConstruction) => true,
        (StationStatus.UnderConstruction, StationStatus.Operating) => true,
        (StationStatus.UnderConstruction, StationStatus.Suspended) => true,
        (StationStatus.Operating, StationStatus.Suspended) => true,
        (StationStatus.Suspended, StationStatus.Operating) => true,
        (StationStatus.Suspended, StationStatus.UnderConstruction) => true,
        _ => false,
    };

    public void StartConstruction(DateOnly on)
    {
        Require(StationStatus.UnderConstruction, on, PlannedOn);
        ConstructionStartedOn = on;
        Apply(StationStatus.UnderConstruction, on);
    }

    public void GoLive(DateOnly on)
    {
        Require(StationStatus.Operating, on, ConstructionStartedOn);
        OperatingSince = on;
        Apply(StationStatus.Operating, on);
    }

    public void Suspend(DateOnly on)
    {
        Require(StationStatus.Suspended, on, OperatingSince ?? ConstructionStartedOn);
        SuspendedOn = on;
        Apply(StationStatus.Suspended, on);
    }

    /// <summary>Ends a suspension: back to Operating if the station had gone live, else back to construction.</summary>
    public void Resume(DateOnly on)
    {
        var target = OperatingSince is null ? StationStatus.UnderConstruction : StationStatus.Operating;
        Require(target, on, SuspendedOn);
        SuspendedOn = null;
        Apply(target, on);
    }

    /// <summary>
    /// Whether one step of the lifecycle leads from the current status to <paramref name="target"/>: construction starts
    /// from Planned, goes live from construction, suspends from construction or operation, and a suspension ends where it
    /// began (Operating once the station has gone live, else construction). The date is checked when moving.
    /// </summary>
    public bool CanMoveTo(StationStatus target) => CanStep(Status, OperatingSince is not null, target);

    /// <summary><see cref="CanMoveTo"/> for a station in <paramref name="from"/> that has (or has not) gone live before.</summary>
    public static bool CanStep(StationStatus from, bool hasGoneLive, StationStatus target) => (from, target) switch
    {
        (StationStatus.Planned, StationStatus.UnderConstruction) => true,
        (StationStatus.UnderConstruction, StationStatus.Operating) => true,
        (StationStatus.UnderConstruction or StationStatus.Operating, StationStatus.Suspended) => true,
        (StationStatus.Suspended, StationStatus.UnderConstruction) => !hasGoneLive,
        (StationStatus.Suspended, StationStatus.Operating) => hasGoneLive,
        _ => false,
    };

    /// <summary>
    /// Moves the station to <paramref name="target"/> by the one allowed step that leads there (<see cref="CanMoveTo"/>), or
    /// throws <see cref="StationRuleException"/> and changes nothing — it never ends in another status than the one asked for.
    /// </summary>
    public void MoveTo(StationStatus target, DateOnly on)
    {
        if (!CanMoveTo(target))
        {
            throw new StationRuleException(Status == StationStatus.Suspended && target is StationStatus.Operating or StationStatus.UnderConstruction
                ? $"A suspended station resumes {(OperatingSince is null ? "construction" : "operating")}, not {target}."
                : $"A station cannot move from {Status} to {target}.");
        }
        switch (target)
        {
            case StationStatus.UnderConstruction when Status == StationStatus.Suspended: Resume(on); break;
            case StationStatus.UnderConstruction: StartConstruction(on); break;
            case StationStatus.Operating when Status == StationStatus.Suspended: Resume(on); break;
            case StationStatus.Operating: GoLive(on); break;
            default: Suspend(on); break;
        }
    }

    /// <summary>
    /// Applies a confirmed report: moves the status by its one step when it changes (<see cref="MoveTo"/>, which checks the date) and
    /// records the staff, services and operator. Throws <see cref="StationRuleException"/> and changes nothing when a rule is broken.
    /// </summary>
    public void ApplyReport(StationStatus status, DateOnly on, int socialWorkers, int certifiedSocialWorkers, StationServices services, string? @operator)
    {
        if (socialWorkers < 0 || certifiedSocialWorkers < 0) throw new StationRuleException("staff counts cannot be negative");
        if (certifiedSocialWorkers > socialWorkers) throw new StationRuleException("certified social workers exceed social workers");
        if ((services & ~StationServices.All) != 0) throw new StationRuleException("unknown service");
        if (status != Status) MoveTo(status, on);
        SocialWorkers = socialWorkers;
        CertifiedSocialWorkers = certifiedSocialWorkers;
        Services = services;
        Operator = string.IsNullOrWhiteSpace(@operator) ? null : @operator.Trim();
    }

    /// <summary>
    /// Brings the station in line with a record from an import. The status may only move forward along the
    /// lifecycle (never back to Planned, never back to construction once it has gone live); the record's own
    /// dates must already be consistent (<see cref="Validate"/>).
    /// </summary>
    public void Update(StationRecord r, DateOnly on)
    {
        if (r.Id != Id) throw new StationRuleException($"The record is for station {r.Id}, not {Id}.");
        if (r.TownshipCode.Value != TownshipCode) throw new StationRuleException($"Station {Id} belongs to township {TownshipCode}, not {r.TownshipCode}.");
        var error = Validate(r);
        if (error is not null) throw new StationRuleException(error);
        if (!CanReach(Status, r.Status, OperatingSince is not null))
            throw new StationRuleException($"illegal transition {Status} → {r.Status}");

        var statusChanged = r.Status != Status;
        var modeChanged = r.Mode != Mode;
        Assign(r);
        if (statusChanged || modeChanged) _changes.Add(new StationChanged(Id, TownshipCode, Status, Mode, on));
    }

    private void Assign(StationRecord r)
    {
        Name = r.Name.Trim();
        Mode = r.Mode;
        Status = r.Status;
        PlannedOn = r.PlannedOn;
        ConstructionStartedOn = r.ConstructionStartedOn;
        OperatingSince = r.OperatingSince;
        SuspendedOn = r.SuspendedOn;
        SocialWorkers = r.SocialWorkers;
        CertifiedSocialWorkers = r.CertifiedSocialWorkers;
        Services = r.Services;
        Operator = string.IsNullOrWhiteSpace(r.Operator) ? null : r.Operator.Trim();
    }

    /// <summary>Whether a station in <paramref name="from"/> may end up in <paramref name="to"/> by moving forward.</summary>
    public static bool CanReach(StationStatus from, StationStatus to, bool hasGoneLive) => to switch
    {
        _ when from == to => true,
        StationStatus.Planned => false,
        StationStatus.UnderConstruction => !hasGoneLive && from is StationStatus.Planned or StationStatus.Suspended,
        StationStatus.Operating => true,
        StationStatus.Suspended => from is StationStatus.Planned or StationStatus.UnderConstruction or StationStatus.Operating,
        _ => false,
    };

    /// <summary>The status the station had at the end of <paramref name="asOf"/>, from its dates; null before it was planned.</summary>
    public StationStatus? StatusAsOf(DateOnly asOf) => ToRecord().StatusAsOf(asOf);

    private void Require(StationStatus target, DateOnly on, DateOnly? notBefore)
    {
        if (!CanMove(Status, target))
            throw new StationRuleException($"A station cannot move from {Status} to {target}.");
        if (notBefore is not null && on < notBefore)
            throw new StationRuleException($"The date {on:yyyy-MM-dd} is before the station's previous date {notBefore:yyyy-MM-dd}.");
    }

    private void Apply(StationStatus status, DateOnly on)
    {
        Status = status;
        _changes.Add(new StationChanged(Id, TownshipCode, Status, Mode, on));
    }
}

/// <summary>
/// A station's fields as a flat, immutable record: the one read shape of a station. Import files carry it, the
/// coverage snapshot holds it, the API and the pages show it; <see cref="Station"/> is the entity that changes.
/// </summary>
public sealed record StationRecord(
    int Id,
    TownshipCode TownshipCode,
    string Name,
    BuildMode Mode,
    StationStatus Status,
    DateOnly? PlannedOn,
    DateOnly? ConstructionStartedOn,
    DateOnly? OperatingSince,
    DateOnly? SuspendedOn,
    int SocialWorkers,
    int CertifiedSocialWorkers,
    StationServices Services,
    string? Operator)
{
    /// <summary>
    /// The status now (<paramref name="asOf"/> null) or at the end of a past day, derived from the dates;
    /// null when the station was not even planned by then.
    /// </summary>
    public StationStatus? StatusAsOf(DateOnly? asOf)
    {
        if (asOf is not { } day) return Status;
        if (SuspendedOn <= day) return StationStatus.Suspended;
        if (OperatingSince <= day) return StationStatus.Operating;
        if (ConstructionStartedOn <= day) return StationStatus.UnderConstruction;
        if (PlannedOn is null || PlannedOn <= day) return StationStatus.Planned;
        return null;
    }

    /// <summary>
    /// The day the station entered the status it has at the end of <paramref name="asOf"/> (null: now): planned, construction,
    /// operating or suspension date. A station that resumed from a suspension keeps its earlier date (the suspension is not recorded).
    /// </summary>
    public DateOnly? StatusSince(DateOnly? asOf) => StatusAsOf(asOf) switch
    {
        StationStatus.Planned => PlannedOn,
        StationStatus.UnderConstruction => ConstructionStartedOn,
        StationStatus.Operating => OperatingSince,
        StationStatus.Suspended => SuspendedOn,
        _ => null,
    };

    /// <summary>The day the station went live, if it had by the end of <paramref name="asOf"/> (null: by now).</summary>
    public DateOnly? WentLiveBy(DateOnly? asOf) =>
        OperatingSince is { } on && (asOf is null || on <= asOf) ? on : null;
}

public sealed class StationRuleException(string message) : Exception(message);
