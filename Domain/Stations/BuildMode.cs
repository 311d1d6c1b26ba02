using System.Diagnostics.CodeAnalysis;

namespace Coverage.Domain.Stations;

/// <summary>The province's five build modes, the "five batches" (五个一批).</summary>
public enum BuildMode
{
    /// <summary>省级资金奖补带动运行一批</summary>
    ProvincialSubsidy,
    /// <summary>城乡社区治理试点形成一批</summary>
    GovernancePilot,
    /// <summary>依托民政服务机构布局一批</summary>
    CivilAffairsInstitution,
    /// <summary>市县整合部门资源自建一批</summary>
    CountySelfBuilt,
    /// <summary>利用现有场所资源赋能一批</summary>
    ExistingVenue,
}

public enum StationStatus
{
    Planned,
    UnderConstruction,
    Operating,
    Suspended,
}

/// <summary>The six services (六项服务) a station offers.</summary>
[Flags]
public enum StationServices
{
    None = 0,
    Needs = 1,
    Resources = 2,
    Assistance = 4,
    Care = 8,
    Governance = 16,
    Industry = 32,
    All = Needs | Resources | Assistance | Care | Governance | Industry,
}

/// <summary>
/// The one place that maps domain enums to their stable ids (camelCase, as in CSV files, URLs and JSON).
/// Display labels live in the Dashboard's resources, keyed by these ids.
/// </summary>
public static class DomainIds
{
    public static readonly IReadOnlyList<BuildMode> Modes = Enum.GetValues<BuildMode>();
    public static readonly IReadOnlyList<StationStatus> Statuses = Enum.GetValues<StationStatus>();
    public static readonly IReadOnlyList<StationServices> Services =
        [StationServices.Needs, StationServices.Resources, StationServices.Assistance, StationServices.Care, StationServices.Governance, StationServices.Industry];

    public static string Id<T>(T value) where T : struct, Enum => CamelCase(value.ToString());

    public static bool TryParse<T>([NotNullWhen(true)] string? id, out T value) where T : struct, Enum
    {
        value = default;
        if (string.IsNullOrWhiteSpace(id) || !char.IsAsciiLetter(id.Trim()[0])) return false;
        return Enum.TryParse(id.Trim(), ignoreCase: true, out value) && Enum.IsDefined(value);
    }

    /// <summary>The value with id <paramref name="id"/> (case-insensitive); throws on an unknown id.</summary>
    public static T Parse<T>(string id) where T : struct, Enum =>
        TryParse(id, out T value) ? value : throw new FormatException($"'{id}' is not a {typeof(T).Name} id.");

    public static bool TryParseServices(string? ids, out StationServices services, out string? bad)
    {
        services = StationServices.None;
        bad = null;
        if (string.IsNullOrWhiteSpace(ids)) return true;
        foreach (var part in ids.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!TryParse(part, out StationServices one) || one is StationServices.None or StationServices.All)
            {
                bad = part;
                return false;
            }
            services |= one;
        }
        return true;
    }

    private static string CamelCase(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
