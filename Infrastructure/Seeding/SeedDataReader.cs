using System.Globalization;
using System.Text;
using System.Text.Json;
using Coverage.Domain.Divisions;
using Coverage.Domain.Import;
using Coverage.Domain.Indicators;
using Coverage.Domain.Planning;
using Coverage.Domain.Stations;
using Coverage.Domain.Text;
using Coverage.Infrastructure.Data;
using Coverage.Infrastructure.Indicators;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;
using NetTopologySuite.Operation.Valid;

namespace Coverage.Infrastructure.Seeding;

/// <summary>
/// Reads and validates a folder in the seed-data formats (see <c>seed-data/README.md</c>). It never writes:
/// it either returns a complete <see cref="SeedDataSet"/> or throws <see cref="SeedDataException"/> listing every
/// bad row or feature with the reason. Files are streamed (CSV record by record, GeoJSON feature by feature) under the
/// caps of <see cref="ImportLimits"/>: a file over <see cref="ImportLimits.MaxFileBytes"/> is refused before it is read, and
/// every text field is checked against its column's length and <see cref="TextRules"/>.
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
    public const string IndicatorsFile = "indicators.csv";
    public const string IndicatorValuesFile = "indicator-values.csv";

    /// <summary>Every file an import reads (paths relative to the folder), in the order they are read.</summary>
    public static readonly IReadOnlyList<string> Files =
        [DatasetFile, PrefecturesFile, CountiesFile, TownshipsFile, CountyBoundariesFile, TownshipBoundariesFile, StationsFile, PlanTargetsFile,
         IndicatorsFile, IndicatorValuesFile];

    /// <summary>Files a first seed may lack (a database without the plan's indicators still shows coverage).</summary>
    public static readonly IReadOnlySet<string> OptionalFiles = new HashSet<string> { IndicatorsFile, IndicatorValuesFile };

    /// <summary>A value whose <c>source</c> begins with this is synthetic (made up for the demo) and is labelled so on screen.</summary>
    public const string SyntheticSourcePrefix = "synthetic";

    // The years PlanTarget accepts (its constructor throws outside them), checked first so that a bad row is reported with its line.
    private const int FirstPlanYear = 2000, LastPlanYear = 2100;

    private static readonly JsonSerializerOptions GeoJsonOptions = new() { Converters = { new GeoJsonConverterFactory(Geo.Factory) } };

    // The free-text columns of each CSV file and their columns' lengths; every other field is a code, id, date, number or
    // kind, checked by its own format, and gets the character check with OtherFieldLength.
    private static readonly Dictionary<string, int> DivisionNames = new() { ["name"] = FieldLengths.DivisionName };
    private static readonly Dictionary<string, int> StationTexts = new() { ["name"] = FieldLengths.StationName, ["operator"] = FieldLengths.StationOperator };
    private static readonly Dictionary<string, int> NoTexts = [];
    private static readonly Dictionary<string, int> IndicatorTexts = new()
    {
        ["name"] = IndicatorColumns.NameLength, ["name_en"] = IndicatorColumns.NameEnLength, ["source"] = IndicatorColumns.SourceLength,
    };
    private static readonly Dictionary<string, int> ValueTexts = new() { ["source"] = IndicatorColumns.ValueSourceLength };
    private const int OtherFieldLength = 256;

    /// <param name="folder">The folder holding the files; absent files are skipped unless <paramref name="requireAll"/>.</param>
    /// <param name="known">Divisions already stored, which rows may refer to.</param>
    /// <param name="requireAll">True for a first seed: every file must be present.</param>
    /// <param name="limits">The caps on file sizes, rows, features and vertices.</param>
    public static SeedDataSet Read(string folder, KnownDivisions known, bool requireAll, ImportLimits limits)
    {
        if (!Directory.Exists(folder))
            throw new SeedDataException([new SeedProblem(folder, "folder", "the seed-data folder does not exist")]);

        var problems = new List<SeedProblem>();
        var files = new FileReader(folder, requireAll, limits, problems);
        var set = new SeedDataSet { Dataset = ReadDataset(files) };

        var prefectures = new HashSet<string>(known.Prefectures);
        var counties = new HashSet<string>(known.Counties);
        var townships = new Dictionary<string, string>(known.Townships);
        // Keys met so far in this import, for the duplicate checks: one set for every file, each file's keys
        // kept apart by a one-letter prefix (p, c, t for divisions, s for stations, g for plan targets).
        var seen = new HashSet<string>();

        ForEachRow(files, PrefecturesFile, ["code", "name"], DivisionNames, row =>
        {
            var code = row["code"];
            if (!PrefectureCode.IsValid(code)) return $"code '{code}' is not a 4-digit Sichuan prefecture code (51xx)";
            if (string.IsNullOrWhiteSpace(row["name"])) return "name is empty";
            if (!seen.Add("p" + code)) return $"duplicate prefecture code {code}";
            set.Prefectures.Add(new Prefecture(new PrefectureCode(code), row["name"]));
            prefectures.Add(code);
            return null;
        });

        ForEachRow(files, CountiesFile, ["code", "name", "prefecture_code", "kind"], DivisionNames, row =>
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

        ForEachRow(files, TownshipsFile, ["code", "name", "county_code", "kind"], DivisionNames, row =>
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

        ReadBoundaries(files, CountyBoundariesFile, "derived", code => counties.Contains(code), set.CountyBoundaries);
        ReadBoundaries(files, TownshipBoundariesFile, "approximate", code => townships.ContainsKey(code), set.TownshipBoundaries);

        var stationTownships = new HashSet<string>();
        ForEachRow(files, StationsFile,
            ["id", "township_code", "name", "mode", "status", "planned_on", "construction_started_on", "operating_since", "suspended_on",
             "social_workers", "certified_social_workers", "services", "operator"], StationTexts, row =>
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

        ForEachRow(files, PlanTargetsFile, ["prefecture_code", "year", "target_coverage"], NoTexts, row =>
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

        ReadIndicators(files, known, prefectures, set, seen);

        if (problems.Count > 0) throw new SeedDataException(problems);
        return set;
    }

    private static void ReadIndicators(FileReader files, KnownDivisions known, HashSet<string> prefectures, SeedDataSet set, HashSet<string> seen)
    {
        var indicators = new Dictionary<string, Indicator>(known.Indicators, StringComparer.Ordinal);
        ForEachRow(files, IndicatorsFile,
            ["id", "field", "name", "name_en", "unit", "comparison", "target", "baseline", "start", "deadline", "level", "derived", "source"],
            IndicatorTexts, row =>
        {
            var id = row["id"];
            if (id.Length is 0 or > IndicatorColumns.IdLength || !id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
                return $"id '{id}' is not 1–{IndicatorColumns.IdLength} lower-case letters, digits and hyphens";
            if (!DomainIds.TryParse(row["field"], out IndicatorField field)) return $"field '{row["field"]}' is not one of {IdsOf<IndicatorField>()}";
            if (string.IsNullOrWhiteSpace(row["name"])) return "name is empty";
            if (row["unit"] is not (IndicatorRules.Units.Persons or IndicatorRules.Units.Percent or IndicatorRules.Units.Milestone))
                return $"unit '{row["unit"]}' is not one of persons, percent, milestone";
            if (!DomainIds.TryParse(row["comparison"], out IndicatorComparison comparison)) return $"comparison '{row["comparison"]}' is not one of {IdsOf<IndicatorComparison>()}";
            decimal? target = null;
            if (comparison == IndicatorComparison.Tracked)
            {
                if (row["target"].Length > 0) return "a tracked indicator has no target (leave target empty)";
            }
            else if (!decimal.TryParse(row["target"], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var t)) return $"target '{row["target"]}' is not a number ≥ 0";
            else target = t;
            if (!decimal.TryParse(row["baseline"], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var baseline)) return $"baseline '{row["baseline"]}' is not a number ≥ 0";
            if (!TryDate(row["start"], out var start) || start is null) return $"start '{row["start"]}' is not a date (yyyy-MM-dd)";
            if (!TryDate(row["deadline"], out var deadline) || deadline is null) return $"deadline '{row["deadline"]}' is not a date (yyyy-MM-dd)";
            if (deadline <= start) return "deadline is not after start";
            if (!DomainIds.TryParse(row["level"], out IndicatorLevel level)) return $"level '{row["level"]}' is not one of {IdsOf<IndicatorLevel>()}";
            if (!DomainIds.TryParse(row["derived"], out DerivedIndicator derived)) return $"derived '{row["derived"]}' is not one of {IdsOf<DerivedIndicator>()}";
            if (!seen.Add("i" + id)) return $"duplicate indicator id {id}";
            var indicator = new Indicator(id, field, row["name"], row["name_en"], row["unit"], comparison, target, baseline, start.Value, deadline.Value,
                level, derived, row["source"]);
            set.Indicators.Add(indicator);
            indicators[id] = indicator;
            return null;
        });

        ForEachRow(files, IndicatorValuesFile, ["indicator_id", "scope", "year", "value", "as_of", "source"], ValueTexts, row =>
        {
            if (!indicators.TryGetValue(row["indicator_id"], out var indicator)) return $"unknown indicator_id '{row["indicator_id"]}'";
            if (indicator.Derived != DerivedIndicator.None) return $"indicator {indicator.Id} is computed from the stations; it takes no values";
            var scope = row["scope"];
            if (scope != Indicator.Province && !prefectures.Contains(scope)) return $"scope '{scope}' is neither the province (51) nor a known prefecture code";
            if (!int.TryParse(row["year"], NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < FirstPlanYear or > LastPlanYear)
                return $"year '{row["year"]}' is not a year from {FirstPlanYear} to {LastPlanYear}";
            if (!decimal.TryParse(row["value"], NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
                return $"value '{row["value"]}' is not a number";
            if (!TryDate(row["as_of"], out var asOf) || asOf is null) return $"as_of '{row["as_of"]}' is not a date (yyyy-MM-dd)";
            if (string.IsNullOrWhiteSpace(row["source"])) return "source is empty (say where the value comes from)";
            var value = new IndicatorValue(indicator.Id, scope, year, number, asOf.Value, row["source"],
                row["source"].StartsWith(SyntheticSourcePrefix, StringComparison.OrdinalIgnoreCase));
            if (IndicatorRules.Validate(indicator, value) is { } broken) return broken;
            if (!seen.Add($"v{indicator.Id}|{scope}|{year}")) return $"duplicate value for {indicator.Id} {scope} {year}";
            set.IndicatorValues.Add(value);
            return null;
        });
    }

    private static DatasetDescription? ReadDataset(FileReader files)
    {
        var problems = files.Problems;
        try
        {
            using var stream = files.Open(DatasetFile);
            if (stream is null) return null;
            using var doc = JsonDocument.Parse(stream);
            var root = doc.RootElement;
            var name = root.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            if (string.IsNullOrWhiteSpace(name)) { problems.Add(new SeedProblem(DatasetFile, "name", "missing")); return null; }
            if (TextRules.Check(name, FieldLengths.DatasetText) is { } badName) { problems.Add(new SeedProblem(DatasetFile, "name", badName)); return null; }
            DateOnly? reference = null;
            if (root.TryGetProperty("referenceDate", out var r) && r.ValueKind == JsonValueKind.String)
            {
                if (!TryDate(r.GetString(), out reference)) { problems.Add(new SeedProblem(DatasetFile, "referenceDate", "not a date (yyyy-MM-dd)")); return null; }
            }
            var datum = root.TryGetProperty("datum", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() ?? "" : "";
            if (TextRules.Check(datum, FieldLengths.DatasetText) is { } badDatum) { problems.Add(new SeedProblem(DatasetFile, "datum", badDatum)); return null; }
            var sourcesJson = "[]";
            if (root.TryGetProperty("sources", out var s) && s.ValueKind == JsonValueKind.Array)
            {
                sourcesJson = s.GetRawText();
                var index = 0;
                foreach (var item in s.EnumerateArray())
                {
                    var at = $"sources[{index++}]";
                    var kind = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
                    if (kind is not ("real" or "approximate" or "synthetic"))
                        problems.Add(new SeedProblem(DatasetFile, at, "kind must be real, approximate or synthetic"));
                    else
                    {
                        foreach (var field in item.EnumerateObject())
                        {
                            if (field.Value.ValueKind != JsonValueKind.String
                                || TextRules.Check(field.Value.GetString()!, FieldLengths.DatasetSourceText) is not { } bad) continue;
                            problems.Add(new SeedProblem(DatasetFile, $"{at}.{field.Name}", bad));
                            break;
                        }
                    }
                }
            }
            return new DatasetDescription(name, reference, datum, sourcesJson);
        }
        catch (JsonException e)
        {
            problems.Add(new SeedProblem(DatasetFile, LineOf(e), $"malformed JSON: {e.Message}"));
            return null;
        }
        catch (ImportCapException e)
        {
            problems.Add(new SeedProblem(DatasetFile, "file", e.Message));
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

    /// <summary>Opens the import's files under the caps, noting a missing required file or one over the size cap as a problem.</summary>
    private sealed class FileReader(string folder, bool requireAll, ImportLimits limits, List<SeedProblem> problems)
    {
        public ImportLimits Limits => limits;
        public List<SeedProblem> Problems => problems;

        /// <summary>
        /// The file as a stream that stops at <see cref="ImportLimits.MaxFileBytes"/> (<see cref="ImportCapException"/>), or null
        /// when it is absent or already larger: its length is checked before anything is read.
        /// </summary>
        public Stream? Open(string file)
        {
            var path = Path.Combine(folder, file);
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                if (requireAll && !OptionalFiles.Contains(file)) problems.Add(new SeedProblem(file, "file", "missing"));
                return null;
            }
            if (info.Length > limits.MaxFileBytes)
            {
                problems.Add(new SeedProblem(file, "file", ImportCaps.TooLarge(info.Length, limits.MaxFileBytes, nameof(ImportLimits.MaxFileBytes))));
                return null;
            }
            return new CappedStream(File.OpenRead(path), limits.MaxFileBytes, nameof(ImportLimits.MaxFileBytes));
        }
    }

    private static string LineOf(JsonException e) => e.LineNumber is { } line ? $"line {line + 1}" : "end of file";

    /// <summary>Why a row's parent code is wrong (unknown, or not a prefix of the row's own code), or null.</summary>
    private static string? ParentProblem(CsvRecord row, string code, string parentColumn, string parentLevel, Func<string, bool> isKnown)
    {
        var parent = row[parentColumn];
        if (!isKnown(parent)) return $"unknown {parentColumn} '{parent}'";
        return code.StartsWith(parent, StringComparison.Ordinal) ? null : $"code {code} does not belong to {parentLevel} {parent}";
    }

    /// <summary>
    /// Streams the rows of a CSV file: checks the header, each row's field count and every field's characters and length
    /// (<paramref name="texts"/>: the free-text columns and their lengths), then lets <paramref name="handle"/> judge the row.
    /// Stops at <see cref="ImportLimits.MaxRows"/>.
    /// </summary>
    private static void ForEachRow(FileReader files, string file, string[] columns, IReadOnlyDictionary<string, int> texts,
        Func<CsvRecord, string?> handle)
    {
        var problems = files.Problems;
        try
        {
            using var stream = files.Open(file);
            if (stream is null) return;
            using var text = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: false);
            using var rows = Csv.Read(text).GetEnumerator();
            if (!rows.MoveNext()) throw new FormatException("line 1: the file is empty (a header row is required)");
            var header = rows.Current.Fields.Select(h => h.Trim()).ToList();
            var missing = columns.Where(c => !header.Contains(c)).ToList();
            if (missing.Count > 0)
            {
                problems.Add(new SeedProblem(file, "line 1", $"header lacks column(s) {string.Join(", ", missing)}; expected {string.Join(",", columns)}"));
                return;
            }

            var count = 0;
            while (rows.MoveNext())
            {
                var row = rows.Current;
                var at = $"line {row.Line}";
                if (++count > files.Limits.MaxRows)
                {
                    problems.Add(new SeedProblem(file, at, ImportCaps.TooMany("rows", files.Limits.MaxRows, nameof(ImportLimits.MaxRows))));
                    return;
                }
                if (row.Fields.Count != header.Count)
                {
                    problems.Add(new SeedProblem(file, at, $"malformed CSV: {row.Fields.Count} fields where the header has {header.Count}"));
                    continue;
                }
                var record = new CsvRecord(header, row.Fields);
                var reason = TextProblem(record, header, texts) ?? handle(record);
                if (reason is not null) problems.Add(new SeedProblem(file, at, reason));
            }
        }
        catch (FormatException e)
        {
            problems.Add(new SeedProblem(file, e.Message.Split(':')[0], "malformed CSV: " + e.Message[(e.Message.IndexOf(':') + 1)..].Trim()));
        }
        catch (ImportCapException e)
        {
            problems.Add(new SeedProblem(file, "file", e.Message));
        }
        catch (DecoderFallbackException)
        {
            problems.Add(new SeedProblem(file, "file", "not UTF-8 text"));
        }
    }

    /// <summary>The first field of the row that breaks <see cref="TextRules"/> for its column, as a reason naming the column.</summary>
    private static string? TextProblem(CsvRecord record, IReadOnlyList<string> header, IReadOnlyDictionary<string, int> texts)
    {
        foreach (var column in header)
        {
            if (column.Length == 0) continue;
            var max = texts.TryGetValue(column, out var length) ? length : OtherFieldLength;
            if (TextRules.Check(record[column], max) is { } reason) return $"{column} {reason}";
        }
        return null;
    }

    /// <summary>
    /// Streams the features of a boundary file (<see cref="GeoJsonFeatureReader"/>): one feature in memory at a time, at most
    /// <see cref="ImportLimits.MaxFeatures"/> of them, each with at most <see cref="ImportLimits.MaxVerticesPerPolygon"/> vertices.
    /// </summary>
    private static void ReadBoundaries(FileReader files, string file, string flagProperty, Func<string, bool> exists,
        Dictionary<string, DivisionBoundary> into)
    {
        var problems = files.Problems;
        var limits = files.Limits;
        try
        {
            using var stream = files.Open(file);
            if (stream is null) return;
            var isCollection = false;
            var index = 0;
            var wellFormed = new GeoJsonFeatureReader(stream).Read(
                (name, value) =>
                {
                    if (name == "type") isCollection = value.ValueKind == JsonValueKind.String && value.GetString() == "FeatureCollection";
                    if (name != "crs" || IsWgs84(value)) return true;
                    problems.Add(new SeedProblem(file, "crs", $"wrong SRID: the coordinates must be EPSG:4326 lon/lat, the file declares {value.GetRawText()}"));
                    return false;
                },
                feature =>
                {
                    var at = $"feature {index}";
                    if (++index > limits.MaxFeatures)
                    {
                        problems.Add(new SeedProblem(file, at, ImportCaps.TooMany("features", limits.MaxFeatures, nameof(ImportLimits.MaxFeatures))));
                        return false;
                    }
                    var reason = ReadFeature(feature, flagProperty, exists, into, limits, ref at);
                    if (reason is not null) problems.Add(new SeedProblem(file, at, reason));
                    return true;
                });
            if (!wellFormed || !isCollection)
                problems.Add(new SeedProblem(file, "root", "malformed GeoJSON: expected a FeatureCollection with a features array"));
        }
        catch (JsonException e)
        {
            problems.Add(new SeedProblem(file, LineOf(e), $"malformed GeoJSON: {e.Message}"));
        }
        catch (ImportCapException e)
        {
            problems.Add(new SeedProblem(file, "file", e.Message));
        }
    }

    private static string? ReadFeature(JsonElement feature, string flagProperty, Func<string, bool> exists,
        Dictionary<string, DivisionBoundary> into, ImportLimits limits, ref string at)
    {
        if (feature.ValueKind != JsonValueKind.Object || !feature.TryGetProperty("properties", out var props) || props.ValueKind != JsonValueKind.Object)
            return "malformed GeoJSON: a feature without properties";
        var code = props.TryGetProperty("code", out var c) ? c.ValueKind == JsonValueKind.String ? c.GetString() : c.GetRawText() : null;
        if (string.IsNullOrEmpty(code)) return "properties.code is missing";
        if (TextRules.Check(code, OtherFieldLength) is { } badCode) return $"properties.code {badCode}";
        at += $" (code {code})";
        if (props.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
            && TextRules.Check(n.GetString()!, FieldLengths.DivisionName) is { } badName) return $"properties.name {badName}";
        if (!exists(code)) return $"unknown division code '{code}'";
        if (into.ContainsKey(code)) return $"duplicate feature for {code}";
        var flag = props.TryGetProperty(flagProperty, out var f) && f.ValueKind == JsonValueKind.True;

        if (!feature.TryGetProperty("geometry", out var geometryJson) || geometryJson.ValueKind != JsonValueKind.Object)
            return "the feature has no geometry";
        if (geometryJson.TryGetProperty("coordinates", out var coordinates) && CountPositions(coordinates) is var vertices && vertices > limits.MaxVerticesPerPolygon)
            return ImportCaps.TooManyVertices(vertices, limits.MaxVerticesPerPolygon);
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

    /// <summary>The positions in a GeoJSON <c>coordinates</c> value: the arrays whose first element is a number.</summary>
    private static long CountPositions(JsonElement coordinates)
    {
        if (coordinates.ValueKind != JsonValueKind.Array) return 0;
        long count = 0;
        foreach (var item in coordinates.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Number) return 1;
            count += CountPositions(item);
        }
        return count;
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
