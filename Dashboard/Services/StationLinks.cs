using System.Globalization;
using Coverage.Domain.Access;

namespace Coverage.Dashboard.Services;

/// <summary>The one place that knows the addresses of a station's page and of a proposal, and who is offered a proposal.</summary>
public static class StationLinks
{
    public static string Station(int stationId) => "/stations/" + stationId.ToString(CultureInfo.InvariantCulture);

    /// <summary>An anchor on the station page: one of its reports.</summary>
    public static string Report(int stationId, long reportId) => Station(stationId) + "#report-" + reportId.ToString(CultureInfo.InvariantCulture);

    public static string Propose(string townshipCode) => "/stations/propose?township=" + Uri.EscapeDataString(townshipCode);

    /// <summary>
    /// Whether the actor may propose a station for the township (the service decides again): county staff in their county submit a
    /// proposal, prefecture staff in their prefecture and province admins record one directly.
    /// </summary>
    public static bool MayPropose(this Actor actor, string townshipCode) =>
        actor.CanSubmitReport(townshipCode) || actor.CanRecordChange(townshipCode);
}
