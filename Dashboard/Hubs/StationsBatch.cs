using System.Globalization;
using Coverage.Domain.Coverage;
using Coverage.Domain.Stations;

namespace Coverage.Dashboard.Hubs;

/// <summary>
/// The hub's compact batch (<c>StationsBatch</c>), for clients that asked for it with <see cref="CoverageHub.UseCompactBatches"/>:
/// the same ordered changes as a <c>StationsChanged</c> array, written as columns, one entry per change, so a province-wide
/// transaction costs every client about a tenth of the bytes and no object per change to parse. Change <c>i</c> is:
/// <list type="bullet">
/// <item><c>eventId</c>: the running sum of <see cref="EventIds"/> up to <c>i</c> (the first entry is the event id itself, each
/// next one the difference from the one before: 1 within a transaction);</item>
/// <item><c>stationId</c> <see cref="StationIds"/>[i];</item>
/// <item><c>countyCode</c> <see cref="Counties"/>[<see cref="County"/>[i]], <c>prefectureCode</c> its first 4 digits;</item>
/// <item><c>townshipCode</c> the county code followed by <see cref="Townships"/>[i] written with 6 digits (a township's
/// 12-digit code always begins with its county's 6: <c>510104</c> + <c>17000</c> → <c>510104017000</c>);</item>
/// <item><c>status</c> <see cref="Statuses"/>[<see cref="Status"/>[i]], <c>previousStatus</c> <see cref="Statuses"/>[<see cref="PreviousStatus"/>[i]]
/// or null where that is -1, <c>mode</c> <see cref="Modes"/>[<see cref="Mode"/>[i]] (the ids, as everywhere);</item>
/// <item><c>occurredAt</c> <see cref="Times"/>[<see cref="OccurredAt"/>[i]]; <c>isGoLive</c> when <c>i</c> is in <see cref="GoLives"/>.</item>
/// </list>
/// </summary>
public sealed record StationsBatch(
    long[] EventIds,
    int[] StationIds,
    int[] Townships,
    string[] Counties,
    int[] County,
    string[] Statuses,
    int[] Status,
    int[] PreviousStatus,
    string[] Modes,
    int[] Mode,
    DateTimeOffset[] Times,
    int[] OccurredAt,
    int[] GoLives)
{
    private static readonly string[] StatusIds = [.. DomainIds.Statuses.Select(s => DomainIds.Id(s))];
    private static readonly string[] ModeIds = [.. DomainIds.Modes.Select(m => DomainIds.Id(m))];
    private static readonly Dictionary<StationStatus, int> StatusIndex = DomainIds.Statuses.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => p.i);
    private static readonly Dictionary<BuildMode, int> ModeIndex = DomainIds.Modes.Select((m, i) => (m, i)).ToDictionary(p => p.m, p => p.i);

    /// <summary>The batch of <paramref name="changes"/> (in event-id order).</summary>
    public static StationsBatch From(IReadOnlyList<StationChangedMessage> changes)
    {
        var n = changes.Count;
        var eventIds = new long[n];
        var stationIds = new int[n];
        var townships = new int[n];
        var county = new int[n];
        var status = new int[n];
        var previous = new int[n];
        var mode = new int[n];
        var occurredAt = new int[n];
        var counties = new Dictionary<string, int>(StringComparer.Ordinal);
        var times = new Dictionary<DateTimeOffset, int>();
        var goLives = new List<int>();
        for (var i = 0; i < n; i++)
        {
            var c = changes[i];
            eventIds[i] = i == 0 ? c.EventId : c.EventId - changes[i - 1].EventId;
            stationIds[i] = c.StationId;
            county[i] = IndexOf(counties, c.CountyCode);
            townships[i] = c.TownshipCode.Length == 12 && c.TownshipCode.StartsWith(c.CountyCode, StringComparison.Ordinal)
                ? int.Parse(c.TownshipCode.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture)
                : throw new ArgumentException($"Township code {c.TownshipCode} does not extend county code {c.CountyCode}.", nameof(changes));
            status[i] = StatusIndex[c.Status];
            previous[i] = c.PreviousStatus is { } p ? StatusIndex[p] : -1;
            mode[i] = ModeIndex[c.Mode];
            occurredAt[i] = IndexOf(times, c.OccurredAt);
            if (c.IsGoLive) goLives.Add(i);
        }
        return new StationsBatch(eventIds, stationIds, townships, [.. counties.Keys], county, StatusIds, status, previous,
            ModeIds, mode, [.. times.Keys], occurredAt, [.. goLives]);
    }

    /// <summary>The changes again, one object each, in order (what a client rebuilds from the columns).</summary>
    public IReadOnlyList<StationChangedMessage> Expand()
    {
        var changes = new StationChangedMessage[EventIds.Length];
        long eventId = 0;
        for (var i = 0; i < changes.Length; i++)
        {
            eventId += EventIds[i];
            var countyCode = Counties[County[i]];
            var townshipCode = countyCode + Townships[i].ToString("D6", CultureInfo.InvariantCulture);
            changes[i] = new StationChangedMessage(eventId, StationIds[i], townshipCode, countyCode, countyCode[..4],
                DomainIds.Parse<StationStatus>(Statuses[Status[i]]), DomainIds.Parse<BuildMode>(Modes[Mode[i]]), Times[OccurredAt[i]])
            {
                PreviousStatus = PreviousStatus[i] < 0 ? null : DomainIds.Parse<StationStatus>(Statuses[PreviousStatus[i]]),
            };
        }
        return changes;
    }

    private static int IndexOf<T>(Dictionary<T, int> table, T key) where T : notnull
    {
        if (!table.TryGetValue(key, out var index)) table[key] = index = table.Count;
        return index;
    }
}
