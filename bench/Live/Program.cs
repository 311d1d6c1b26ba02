using Coverage.Bench.Live;

// Usage: Coverage.Bench <path to Coverage.Dashboard.dll> [hub] [--connections N] [--changes N] [--interval-ms N] [--no-burst]
if (args.Length < 1 || !File.Exists(args[0]))
{
    Console.Error.WriteLine("usage: Coverage.Bench <Coverage.Dashboard.dll> [hub] [--connections 2000] [--changes 200] [--interval-ms 100] [--no-burst]");
    return 1;
}
var dll = Path.GetFullPath(args[0]);
var commands = args.Skip(1).Where(a => !a.StartsWith("--", StringComparison.Ordinal) && !int.TryParse(a, out _)).ToHashSet();
if (commands.Count == 0) commands = ["hub"];
int Option(string name, int fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;

Console.WriteLine($"bench: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1073741824.0:F0} GiB");
await using var app = await BenchApp.StartAsync(dll);
if (commands.Contains("hub"))
    await HubBench.RunAsync(app, Option("--connections", 2000), Option("--changes", 200), Option("--interval-ms", 100), burst: !args.Contains("--no-burst"));
return 0;
