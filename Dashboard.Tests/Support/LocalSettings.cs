using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Coverage.Dashboard.Tests.Support;

/// <summary>
/// The local development settings of <c>scripts/local.env</c>, the file the scripts source, as the tests and the
/// benches see them (this class is compiled into the bench projects too). As in the scripts, a non-empty environment
/// variable of the same name wins over the file.
/// </summary>
internal static partial class LocalSettings
{
    public const string FileName = "local.env";

    // Each project's build copies scripts/local.env beside its binaries.
    private static readonly Lazy<IReadOnlyDictionary<string, string>> FromFile =
        new(() => Parse(Path.Combine(AppContext.BaseDirectory, FileName)));

    /// <summary>The environment variable <paramref name="name"/> if set, else its default in the file.</summary>
    public static string Get(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value
        : FromFile.Value.TryGetValue(name, out var fallback) ? fallback
        : throw new InvalidOperationException($"scripts/{FileName} does not define {name}.");

    /// <summary>
    /// A superuser connection to the local cluster's <c>postgres</c> database, as the test role; the tests and the
    /// benches create and drop their databases through it. <c>COVERAGE_TEST_DB</c> replaces it whole.
    /// </summary>
    public static string TestAdminConnectionString =>
        Environment.GetEnvironmentVariable("COVERAGE_TEST_DB") is { Length: > 0 } whole ? whole
        : $"Host={Get("COVERAGE_PG_HOST")};Port={Get("COVERAGE_PG_PORT")};Username={Get("COVERAGE_PG_TEST_USER")};" +
          $"Password={Get("COVERAGE_PG_TEST_PASSWORD")};Database=postgres";

    /// <summary>Headless Chromium with the local executable and flags, plus <paramref name="extraFlags"/>.</summary>
    public static BrowserTypeLaunchOptions Chromium(params string[] extraFlags)
    {
        var path = Get("COVERAGE_CHROMIUM");
        if (!File.Exists(path))
            throw new InvalidOperationException(
                $"Chromium is not installed at {path} (COVERAGE_CHROMIUM, scripts/{FileName}). " +
                "Run the tests with 'bash scripts/test.sh', which installs Debian's chromium.");
        return new()
        {
            ExecutablePath = path,
            Headless = true,
            Args = [.. Get("COVERAGE_CHROMIUM_FLAGS").Split(' ', StringSplitOptions.RemoveEmptyEntries), .. extraFlags],
        };
    }

    private static Dictionary<string, string> Parse(string path)
    {
        if (!File.Exists(path))
            throw new InvalidOperationException($"{path} is missing: the build copies it from scripts/{FileName}.");
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith('#')) continue;
            var match = Setting().Match(line.Trim());
            if (!match.Success)
                throw new InvalidOperationException($"scripts/{FileName} line {number}: expected NAME=${{NAME:-value}}, found '{line}'.");
            settings[match.Groups["name"].Value] = match.Groups["value"].Value;
        }
        return settings;
    }

    [GeneratedRegex(@"^(?<name>[A-Za-z_][A-Za-z0-9_]*)=\$\{\k<name>:-(?<value>.*)\}$")]
    private static partial Regex Setting();
}
