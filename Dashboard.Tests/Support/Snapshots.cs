using Coverage.Domain.Divisions;
using Coverage.Domain.Planning;

namespace Coverage.Dashboard.Tests.Support;

/// <summary>Small in-memory snapshots for component and service tests that need no database.</summary>
public static class Snapshots
{
    public static TownshipState Township(string code, string name, StationStatus? status, BuildMode mode = BuildMode.ProvincialSubsidy,
        DateOnly? operatingSince = null, TownshipKind kind = TownshipKind.Town, int id = 0,
        StationServices services = StationServices.None, string? @operator = null) =>
        new(code, name, code[..6], code[..4], kind, status is null ? null : new StationRecord(
            id == 0 ? int.Parse(code[^6..], System.Globalization.CultureInfo.InvariantCulture) + int.Parse(code[2..6], System.Globalization.CultureInfo.InvariantCulture) : id,
            new TownshipCode(code), name + "社会工作服务站", mode, status.Value, new DateOnly(2021, 1, 1),
            status is StationStatus.Planned ? null : new DateOnly(2021, 6, 1),
            status is StationStatus.Operating or StationStatus.Suspended ? operatingSince ?? new DateOnly(2022, 1, 1) : null,
            status is StationStatus.Suspended ? new DateOnly(2024, 1, 1) : null, 3, 1, services, @operator));

    /// <summary>成都市 (锦江区, 青羊区) and 凉山州 (西昌市), with yearly targets 20/40/60/80/100 from 2021.</summary>
    public static CoverageSnapshot Create(params TownshipState[] townships) => new(
        townships,
        [new PrefectureInfo("5101", "成都市"), new PrefectureInfo("5134", "凉山彝族自治州")],
        [new CountyInfo("510104", "锦江区", "5101", CountyKind.District), new CountyInfo("510105", "青羊区", "5101", CountyKind.District),
         new CountyInfo("513401", "西昌市", "5134", CountyKind.City)],
        Enumerable.Range(0, 5).SelectMany(i => new[]
        {
            new PlanTarget(new PrefectureCode("5101"), 2021 + i, 20 * (i + 1)),
            new PlanTarget(new PrefectureCode("5134"), 2021 + i, 20 * (i + 1)),
        }),
        lastEventId: 10, builtAt: DateTimeOffset.UnixEpoch,
        new DatasetSummary("Test", new DateOnly(2024, 10, 31), "GCJ-02", HasSynthetic: true, HasApproximate: true));
}
