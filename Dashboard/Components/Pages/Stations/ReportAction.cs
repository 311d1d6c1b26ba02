using Coverage.Domain.Stations;

namespace Coverage.Dashboard.Components.Pages.Stations;

/// <summary>What a report form offers: one step of the lifecycle (开工, 投运, 暂停, 恢复), or staff and services alone.</summary>
public enum ReportAction
{
    StartConstruction,
    GoLive,
    Suspend,
    Resume,
    UpdateOnly,
}

/// <summary>The actions a station's lifecycle allows from where it stands, and the status each leads to.</summary>
public static class ReportActions
{
    /// <summary>The status <paramref name="action"/> reports for <paramref name="station"/>: a resumption ends where the suspension began.</summary>
    public static StationStatus Target(ReportAction action, StationRecord station) => action switch
    {
        ReportAction.StartConstruction => StationStatus.UnderConstruction,
        ReportAction.GoLive => StationStatus.Operating,
        ReportAction.Suspend => StationStatus.Suspended,
        ReportAction.Resume => station.OperatingSince is null ? StationStatus.UnderConstruction : StationStatus.Operating,
        _ => station.Status,
    };

    /// <summary>The actions <see cref="Station.CanStep"/> allows for <paramref name="station"/>, lifecycle steps first.</summary>
    public static IReadOnlyList<ReportAction> Offered(StationRecord station) =>
        Enum.GetValues<ReportAction>().Where(a => IsOffered(a, station)).ToList();

    private static bool IsOffered(ReportAction action, StationRecord station)
    {
        if (action == ReportAction.UpdateOnly) return true;
        // From a suspension the one way on is to resume; starting and going live are the steps from Planned and construction.
        var suspended = station.Status == StationStatus.Suspended;
        if (action is ReportAction.Resume && !suspended || action is ReportAction.StartConstruction or ReportAction.GoLive && suspended) return false;
        return Station.CanStep(station.Status, station.OperatingSince is not null, Target(action, station));
    }
}
