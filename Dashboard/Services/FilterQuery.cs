using System.Globalization;
using Coverage.Domain.Stations;
using Coverage.Domain.Coverage;
using Microsoft.AspNetCore.WebUtilities;

namespace Coverage.Dashboard.Services;

/// <summary>
/// The filter as it travels in URLs — <c>?prefecture=5101&amp;county=510104&amp;mode=…&amp;status=…&amp;asOf=2023-12-31</c> —
/// shared by the API and the <c>/map</c> page. Modes and statuses may repeat or be comma-separated; ids as in
/// <see cref="DomainIds"/> (case-insensitive); the status also takes <c>none</c> (no station) and <c>notOperating</c> (未运营).
/// </summary>
public sealed record FilterQuery(string? Prefecture, string? County, IReadOnlyList<string> Modes, IReadOnlyList<string> Statuses, string? AsOf)
{
    public const string DateFormat = "yyyy-MM-dd";

    public static readonly FilterQuery Empty = new(null, null, [], [], null);

    /// <summary>The status id for townships with no station.</summary>
    public const string NoStation = "none";

    /// <summary>The status id of the 未运营 quick filter: no station, planned, under construction or suspended.</summary>
    public const string NotOperating = "notOperating";

    public static FilterQuery From(string? prefecture, string? county, IEnumerable<string?>? modes, IEnumerable<string?>? statuses, string? asOf) =>
        new(Blank(prefecture), Blank(county), SplitAll(modes), SplitAll(statuses), Blank(asOf));

    /// <summary>Reads the filter from a URI's query string.</summary>
    public static FilterQuery FromUri(string uri)
    {
        var q = QueryHelpers.ParseQuery(new Uri(uri, UriKind.Absolute).Query);
        string? One(string key) => q.TryGetValue(key, out var v) ? v.LastOrDefault() : null;
        IEnumerable<string?> Many(string key) => q.TryGetValue(key, out var v) ? v : [];
        return From(One("prefecture"), One("county"), Many("mode"), Many("status"), One("asOf"));
    }

    /// <summary>
    /// Checks every part against the snapshot's divisions and the domain ids. Returns the filter, or the
    /// problems by parameter name (for a 400 problem-details answer); never throws on bad input.
    /// </summary>
    public FilterResult Resolve(CoverageSnapshot snapshot)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);

        if (Prefecture is not null && !snapshot.Prefectures.ContainsKey(Prefecture))
            errors["prefecture"] = [$"'{Prefecture}' is not a known prefecture code (4 digits, e.g. 5101)."];

        if (County is not null)
        {
            if (!snapshot.Counties.TryGetValue(County, out var county))
                errors["county"] = [$"'{County}' is not a known county code (6 digits, e.g. 510104)."];
            else if (Prefecture is not null && county.PrefectureCode != Prefecture)
                errors["county"] = [$"County {County} is not in prefecture {Prefecture}."];
        }

        var modes = ParseIds<BuildMode>(Modes, "mode", "a build mode", errors);
        // Two status ids beyond the station's own: "none" (no station) and "notOperating" (未运营: none and every status but operating).
        var withoutStation = Statuses.Any(s => IsId(s, NoStation) || IsId(s, NotOperating));
        var statuses = ParseIds<StationStatus>(Statuses.Where(s => !IsId(s, NoStation) && !IsId(s, NotOperating)).ToList(), "status", "a station status", errors);
        if (Statuses.Any(s => IsId(s, NotOperating))) (statuses ??= []).UnionWith(CoverageFilter.NotOperatingStatuses);

        DateOnly? asOf = null;
        if (AsOf is not null)
        {
            if (DateOnly.TryParseExact(AsOf, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) && date.Year is >= 2000 and <= 2100)
                asOf = date;
            else
                errors["asOf"] = [$"'{AsOf}' is not a date in the form yyyy-MM-dd (years 2000–2100)."];
        }

        if (errors.Count > 0) return new FilterResult(null, errors);
        var prefecture = Prefecture ?? (County is null ? null : snapshot.Counties[County].PrefectureCode);
        return new FilterResult(new CoverageFilter(prefecture, County, modes, statuses, asOf, withoutStation), errors);
    }

    /// <summary>
    /// Like <see cref="Resolve"/>, but drops the parts that are not valid instead of failing: a page opened from a
    /// shared link with one stale code still shows the rest of the view, and says which parameters it ignored.
    /// </summary>
    public (CoverageFilter Filter, List<string> Ignored) ResolveLeniently(CoverageSnapshot snapshot)
    {
        var result = Resolve(snapshot);
        var ignored = result.Errors.Keys.Order(StringComparer.Ordinal).ToList();
        if (result.IsValid) return (result.Filter!, ignored);
        var valid = this with
        {
            Prefecture = ignored.Contains("prefecture") ? null : Prefecture,
            County = ignored.Contains("county") ? null : County,
            Modes = ignored.Contains("mode") ? [] : Modes,
            Statuses = ignored.Contains("status") ? [] : Statuses,
            AsOf = ignored.Contains("asOf") ? null : AsOf,
        };
        return (valid.Resolve(snapshot).Filter ?? CoverageFilter.All, ignored);
    }

    /// <summary>The query string (with a leading '?', or empty) for a filter, in a stable order.</summary>
    public static string ToQueryString(CoverageFilter filter, IEnumerable<KeyValuePair<string, string?>>? extra = null)
    {
        var parts = new List<KeyValuePair<string, string?>>();
        if (filter.Prefecture is not null) parts.Add(new("prefecture", filter.Prefecture));
        if (filter.County is not null) parts.Add(new("county", filter.County));
        if (filter.Modes is { Count: > 0 }) parts.Add(new("mode", string.Join(',', DomainIds.Modes.Where(filter.Modes.Contains).Select(DomainIds.Id))));
        if (filter.IsNotOperating) parts.Add(new("status", NotOperating));
        else if (filter.FiltersStatus)
            parts.Add(new("status", string.Join(',', DomainIds.Statuses.Where(s => filter.Statuses?.Contains(s) == true).Select(DomainIds.Id)
                .Concat(filter.WithoutStation ? [NoStation] : []))));
        if (filter.AsOf is { } asOf) parts.Add(new("asOf", asOf.ToString(DateFormat, CultureInfo.InvariantCulture)));
        if (extra is not null) parts.AddRange(extra.Where(e => e.Value is not null));
        return parts.Count == 0 ? "" : QueryString.Create(parts).ToUriComponent();
    }

    private static bool IsId(string value, string id) => string.Equals(value, id, StringComparison.OrdinalIgnoreCase);

    private static HashSet<T>? ParseIds<T>(IReadOnlyList<string> ids, string name, string what, Dictionary<string, string[]> errors) where T : struct, Enum
    {
        if (ids.Count == 0) return null;
        var set = new HashSet<T>();
        var bad = new List<string>();
        foreach (var id in ids)
        {
            if (DomainIds.TryParse(id, out T value)) set.Add(value);
            else bad.Add($"'{id}' is not {what}; expected one of {string.Join(", ", Enum.GetValues<T>().Select(DomainIds.Id))}.");
        }
        if (bad.Count > 0) errors[name] = [.. bad];
        return set;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static List<string> SplitAll(IEnumerable<string?>? values) =>
        values is null ? [] : values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
}

/// <summary>A resolved filter, or the problems by parameter name.</summary>
public sealed record FilterResult(CoverageFilter? Filter, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool IsValid => Filter is not null;
}
