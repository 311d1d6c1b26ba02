using System.Globalization;
using System.Text.Json;
using Coverage.Domain.Divisions;
using Coverage.Domain.Planning;
using Coverage.Domain.Stations;
using Coverage.Infrastructure.Data;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;
using NetTopologySuite.Operation.Valid;

namespace Coverage.Infrastructure.Seeding;

/// <summary>
/// Reads and validates a folder in the seed-data formats (see <c>seed-data/README.md</c>). It never writes:
/// it either returns a complete <see cref="SeedDataSet"/> or throws <see cref="SeedDataException"/> listing every
/// bad row or feature with the reason.
/// </summary>
public static class SeedDataReader
{
    public const string DatasetFile = "dataset.json";
    public const string PrefecturesFile = "prefectures.csv";
    public const string CountiesFile = "counties.csv";
    public const string TownshipsFile = "townships.csv";
    public const string CountyBoundariesFile = "boundaries/counties.geojson";
    public const string TownshipBoundariesFile = "boundaries/townships.geojson";
    public const string StationsFile = "stations.csv";
    public const string PlanTargetsFile = "plan-targets.csv";

    /// <summary>Every file an import reads (paths relative to the folder), in the order they are read.</summary>
    public static readonly IReadOnlyList<string> Files =
        [DatasetFile, PrefecturesFile, CountiesFile, TownshipsFile, CountyBoundariesFile, TownshipBoundariesFile, StationsFile, PlanTargetsFile];

    // The years PlanTarget accepts (its constructor throws outside them), checked first so that a bad row is reported with its line.
    private const int FirstPlanYear = 2000, LastPlanYear = 2100;

    private static readonly JsonSerializerOptions GeoJsonOptions = new() { Converters = { new GeoJsonConverterFactory(Geo.Factory) } };

    /// <param name="folder">The folder holding the files; absent files are skipped unless <paramref name="requireAll"/>.</param>
    /// <param name="known">Divisions already stored, which rows may refer to.</param>
    /// <param name="requireAll">True for a first seed: every file must be present.</param>
    public static SeedDataSet Read(string folder, KnownDivisions known, bool requireAll)
    {
        if (!Directory.Exists(folder))
            throw new SeedDataException([new SeedProblem(folder, "folder", "the seed-data folder does not exist")]);

        var problems = new List<SeedProblem>();
        var set = new SeedDataSet { Dataset = ReadDataset(folder, problems, requireAll) };

        var prefectures = new HashSet<string>(known.Prefectures);
        var counties = new HashSet<string>(known.Counties);
        var townships = new Dictionary<string, string>(known.Townships);
        // Keys met so far in this import, for the duplicate checks: one set for every file, each file's keys
        // kept apart by a one-letter prefix (p, c, t for divisions, s for stations, g for plan targets).
        var seen = new HashSet<string>();

        ForEachRow(folder, PrefecturesFile, ["code", "name"], requireAll, problems, row =>
        {
            var code = row["code"];
            if (!PrefectureCode.IsValid(code)) return $"code '{code}' is not a 4-digit Sichuan prefecture code (51xx)";
            if (string.IsNullOrWhiteSpace(row["name"])) return "name is empty";
            if (!seen.Add("p" + code)) return $"duplicate prefecture code {code}";
            set.Prefectures.Add(new Prefecture(new PrefectureCode(code), row["name"]));
            prefectures.Add(code);
            return null;
        });

        ForEachRow(folder, CountiesFile, ["code", "name", "prefecture_code", "kind"], requireAll, problems, row =>
        {
            var code = row["code"];
            if (!CountyCode.IsValid(code)) return $"code '{code}' is not a 6-digit Sichuan county code (51xxxx)";
            if (ParentProblem(row, code, "prefecture_code", "prefecture", prefectures.Contains) is { } wrongParent) return wrongParent;
            if (!TryKind(row["kind"], out CountyKind kind)) return $"kind '{row["kind"]}' is not one of {IdsOf<CountyKind>()}";
            if (string.IsNullOrWhiteSpace(row["name"])) return "name is empty";
            if (!seen.Add("c" + code)) return $"duplicate county code {code}";
            set.Counties.Add(new County(new CountyCode(code), row["name"], kind, null));
            counties.Add(code);
            return null;
        });

        ForEachRow(folder, TownshipsFile, ["code", "name", "county_code", "kind"], requireAll, problems, row =>
        {
            var code = row["code"];
            if (!TownshipCode.IsValid(code)) return $"code '{code}' is not a 12-digit Sichuan township code";
            if (ParentProblem(row, code, "county_code", "county", counties.Contains) is { } wrongParent) return wrongParent;
            if (!TryKind(row["kind"], out TownshipKind kind)) return $"kind '{row["kind"]}' is not one of {IdsOf<TownshipKind>()}";
            if (string.IsNullOrWhiteSpace(row["name"])) return "name is empty";
            if (!seen.Add("t" + code)) return $"duplicate township code {code}";
            var township = new Township(new TownshipCode(code), row["name"], new CountyCode(row["county_code"]), kind, null, approximate: false);
            set.Townships.Add(township);
            townships[code] = row["county_code"];
            return null;
        });

        ReadBoundaries(folder, CountyBoundariesFile, "derived", code => counties.Contains(code), set.CountyBoundaries, requireAll, problems);
        ReadBoundaries(folder, TownshipBoundariesFile, "approximate", code => townships.ContainsKey(code), set.TownshipBoundaries, requireAll, problems);

        var stationTownships = new HashSet<string>();
        ForEachRow(folder, StationsFile,
            ["id", "township_code", "name", "mode", "status", "planned_on", "construction_started_on", "operating_since", "suspended_on",
             "social_workers", "certified_social_workers", "services", "operator"], requireAll, problems, row =>
        {
            if (!int.TryParse(row["id"], NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0) return $"id '{row["id"]}' is not a positive integer";
            var township = row["township_code"];
            if (!TownshipCode.IsValid(township) || !townships.ContainsKey(township)) return $"unknown township_code '{township}'";
            if (!DomainIds.TryParse(row["mode"], out BuildMode mode)) return $"mode '{row["mode"]}' is not one of the five build modes ({string.Join(", ", DomainIds.Modes.Select(DomainIds.Id))})";
            if (!DomainIds.TryParse(row["status"], out StationStatus status)) return $"status '{row["status"]}' is not one of {IdsOf<StationStatus>()}";
            DateOnly? planned = null, construction = null, operating = null, suspended = null;
            foreach (var (column, assign) in new (string, Action<DateOnly?>)[]
                     { ("planned_on", d => planned = d), ("construction_started_on", d => construction = d), ("operating_since", d => operating = d), ("suspended_on", d => suspended = d) })
            {
                if (!TryDate(row[column], out var date)) return $"{column} '{row[column]}' is not a date (yyyy-MM-dd)";
                assign(date);
            }
            if (!int.TryParse(row["social_workers"], NumberStyles.None, CultureInfo.InvariantCulture, out var staff)) return $"social_workers '{row["social_workers"]}' is not a whole number ≥ 0";
            if (!int.TryParse(row["certified_social_workers"], NumberStyles.None, CultureInfo.InvariantCulture, out var certified)) return $"certified_social_workers '{row["certified_social_workers"]}' is not a whole number ≥ 0";
            if (!DomainIds.TryParseServices(row["services"], out var services, out var badService)) return $"service '{badService}' is not one of {string.Join(", ", DomainIds.Services.Select(DomainIds.Id))}";
            if (!seen.Add("s" + id)) return $"duplicate station id {id}";
            if (!stationTownships.Add(township)) return $"township {township} already has a station in this file";
            var record = new StationRecord(id, new TownshipCode(township), row["name"], mode, status, planned, construction, operating, suspended,
                staff, certified, services, row["operator"]);
            var broken = Station.Validate(record);
            if (broken is not null) return broken;
            set.Stations.Add(record);
            return null;
        });

        ForEachRow(folder, PlanTargetsFile, ["prefecture_code", "year", "target_coverage"], requireAll, problems, row =>
        {
            if (!prefectures.Contains(row["prefecture_code"])) return $"unknown prefecture_code '{row["prefecture_code"]}'";
            if (!int.TryParse(row["year"], NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < FirstPlanYear or > LastPlanYear)
                return $"year '{row["year"]}' is not a year from {FirstPlanYear} to {LastPlanYear}";
            if (!decimal.TryParse(row["target_coverage"], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var target) || target > 100)
                return $"target_coverage '{row["target_coverage"]}' is not a percentage from 0 to 100";
            if (!seen.Add($"g{row["prefecture_code"]}-{year}")) return $"duplicate target for {row["prefecture_code"]} {year}";
            set.PlanTargets.Add(new PlanTarget(new PrefectureCode(row["prefecture_code"]), year, target));
            return null;
        });

        if (problems.Count > 0) throw new SeedDataException(problems);
        return set;
    }

    private static DatasetDescription? ReadDataset(string folder, List<SeedProblem> problems, bool required)
    {
        if (Locate(folder, DatasetFile, required, problems) is not { } path) return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var root = doc.RootElement;
            var name = root.TryGetProperty("name", out var n) ? n.GetString() : null;
            if (string.IsNullOrWhiteSpace(name)) { problems.Add(new SeedProblem(DatasetFile, "name", "missing")); return null; }
            DateOnly? reference = null;
            if (root.TryGetProperty("referenceDate", out var r) && r.ValueKind == JsonValueKind.String)
            {
                if (!TryDate(r.GetString(), out reference)) { problems.Add(new SeedProblem(DatasetFile, "referenceDate", "not a date (yyyy-MM-dd)")); return null; }
            }
            var datum = root.TryGetProperty("datum", out var d) ? d.GetString() ?? "" : "";
            var sourcesJson = "[]";
            if (root.TryGetProperty("sources", out var s) && s.ValueKind == JsonValueKind.Array)
            {
                sourcesJson = s.GetRawText();
                var index = 0;
                foreach (var item in s.EnumerateArray())
                {
                    var kind = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
                    if (kind is not ("real" or "approximate" or "synthetic"))
                        problems.Add(new SeedProblem(DatasetFile, $"sources[{index}]", "kind must be real, approximate or synthetic"));
                    index++;
                }
            }
            return new DatasetDescription(name, reference, datum, sourcesJson);
        }
        catch (JsonException e)
        {
            problems.Add(new SeedProblem(DatasetFile, $"line {e.LineNumber + 1}", $"malformed JSON: {e.Message}"));
            return null;
        }
    }

    private sealed class CsvRecord(IReadOnlyList<string> header, IReadOnlyList<string> fields)
    {
        public string this[string column] => fields[IndexOf(column)].Trim();

        private int IndexOf(string column)
        {
            for (var i = 0; i < header.Count; i++)
                if (header[i] == column) return i;
            throw new InvalidOperationException($"column {column} not in header");
        }
    }

    /// <summary>The path of <paramref name="file"/> in the folder, or null when it is absent (a problem only if required).</summary>
    private static string? Locate(string folder, string file, bool required, List<SeedProblem> problems)
    {
        var path = Path.Combine(folder, file);
        if (File.Exists(path)) return path;
        if (required) problems.Add(new SeedProblem(file, "file", "missing"));
        return null;
    }

    /// <summary>Why a row's parent code is wrong (unknown, or not a prefix of the row's own code), or null.</summary>
    private static string? ParentProblem(CsvRecord row, string code, string parentColumn, string parentLevel, Func<string, bool> isKnown)
    {
        var parent = row[parentColumn];
        if (!isKnown(parent)) return $"unknown {parentColumn} '{parent}'";
        return code.StartsWith(parent, StringComparison.Ordinal) ? null : $"code {code} does not belong to {parentLevel} {parent}";
    }

    private static void ForEachRow(string folder, string file, string[] columns, bool required, List<SeedProblem> problems,
        Func<CsvRecord, string?> handle)
    {
        if (Locate(folder, file, required, problems) is not { } path) return;

        IReadOnlyList<string> header;
        List<Csv.Row> rows;
        try
        {
            (header, rows) = Csv.Parse(File.ReadAllText(path));
        }
        catch (FormatException e)
        {
            problems.Add(new SeedProblem(file, e.Message.Split(':')[0], "malformed CSV: " + e.Message[(e.Message.IndexOf(':') + 1)..].Trim()));
            return;
        }

        var missing = columns.Where(c => !header.Contains(c)).ToList();
        if (missing.Count > 0)
        {
            problems.Add(new SeedProblem(file, "line 1", $"header lacks column(s) {string.Join(", ", missing)}; expected {string.Join(",", columns)}"));
            return;
        }

        foreach (var row in rows)
        {
            var at = $"line {row.Line}";
            if (row.Fields.Count != header.Count)
            {
                problems.Add(new SeedProblem(file, at, $"malformed CSV: {row.Fields.Count} fields where the header has {header.Count}"));
                continue;
            }
            var reason = handle(new CsvRecord(header, row.Fields));
            if (reason is not null) problems.Add(new SeedProblem(file, at, reason));
        }
    }

    private static void ReadBoundaries(string folder, string file, string flagProperty, Func<string, bool> exists,
        Dictionary<string, DivisionBoundary> into, bool required, List<SeedProblem> problems)
    {
        if (Locate(folder, file, required, problems) is not { } path) return;

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            problems.Add(new SeedProblem(file, $"line {e.LineNumber + 1}", $"malformed GeoJSON: {e.Message}"));
            return;
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.GetString() != "FeatureCollection"
                || !root.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
            {
                problems.Add(new SeedProblem(file, "root", "malformed GeoJSON: expected a FeatureCollection with a features array"));
                return;
            }
            if (root.TryGetProperty("crs", out var crs) && !IsWgs84(crs))
            {
                problems.Add(new SeedProblem(file, "crs", $"wrong SRID: the coordinates must be EPSG:4326 lon/lat, the file declares {crs.GetRawText()}"));
                return;
            }

            var index = 0;
            foreach (var feature in features.EnumerateArray())
            {
                var at = $"feature {index++}";
                var reason = ReadFeature(feature, flagProperty, exists, into, ref at);
                if (reason is not null) problems.Add(new SeedProblem(file, at, reason));
            }
        }
    }

    private static string? ReadFeature(JsonElement feature, string flagProperty, Func<string, bool> exists,
        Dictionary<string, DivisionBoundary> into, ref string at)
    {
        if (feature.ValueKind != JsonValueKind.Object || !feature.TryGetProperty("properties", out var props) || props.ValueKind != JsonValueKind.Object)
            return "malformed GeoJSON: a feature without properties";
        var code = props.TryGetProperty("code", out var c) ? c.ValueKind == JsonValueKind.String ? c.GetString() : c.GetRawText() : null;
        if (string.IsNullOrEmpty(code)) return "properties.code is missing";
        at += $" (code {code})";
        if (!exists(code)) return $"unknown division code '{code}'";
        if (into.ContainsKey(code)) return $"duplicate feature for {code}";
        var flag = props.TryGetProperty(flagProperty, out var f) && f.ValueKind == JsonValueKind.True;

        if (!feature.TryGetProperty("geometry", out var geometryJson) || geometryJson.ValueKind != JsonValueKind.Object)
            return "the feature has no geometry";
        Geometry? geometry;
        try
        {
            geometry = geometryJson.Deserialize<Geometry>(GeoJsonOptions);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or FormatException)
        {
            return $"malformed geometry: {e.Message}";
        }

        var multi = geometry switch
        {
            MultiPolygon m => m,
            Polygon p => Geo.Factory.CreateMultiPolygon([p]),
            null => null,
            _ => null,
        };
        if (multi is null) return $"geometry must be a Polygon or MultiPolygon, not {geometry?.GeometryType ?? "null"}";
        if (multi.IsEmpty) return "geometry is empty";
        multi.SRID = Geo.Srid;
        var sichuan = Geo.SichuanBounds;
        if (!sichuan.Contains(multi.EnvelopeInternal))
            return FormattableString.Invariant(
                $"coordinates fall outside Sichuan (lon {sichuan.MinX}–{sichuan.MaxX}, lat {sichuan.MinY}–{sichuan.MaxY}): envelope {multi.EnvelopeInternal}");
        var validity = new IsValidOp(multi).ValidationError;
        if (validity is not null) return $"invalid polygon: {validity.Message} at {validity.Coordinate}";

        into[code] = new DivisionBoundary(multi, flag);
        return null;
    }

    private static bool IsWgs84(JsonElement crs)
    {
        var name = crs.TryGetProperty("properties", out var p) && p.TryGetProperty("name", out var n) ? n.GetString() ?? "" : "";
        return name is "urn:ogc:def:crs:OGC:1.3:CRS84" or "urn:ogc:def:crs:OGC::CRS84" or "EPSG:4326" or "urn:ogc:def:crs:EPSG::4326";
    }

    private static bool TryKind<T>(string value, out T kind) where T : struct, Enum => DomainIds.TryParse(value, out kind);

    private static string IdsOf<T>() where T : struct, Enum => string.Join(", ", Enum.GetValues<T>().Select(v => DomainIds.Id(v)));

    private static bool TryDate(string? value, out DateOnly? date)
    {
        date = null;
        if (string.IsNullOrWhiteSpace(value)) return true;
        if (!DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return false;
        date = d;
        return true;
    }
}
