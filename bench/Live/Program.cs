using Coverage.Bench.Live;

// Usage: Coverage.Bench.Live <Coverage.Dashboard.dll> <hub|pixel|reports|memory|sent|soak> [options]; see bench/README.md.
// The hub load of the pixel and memory benches runs in a process of its own: Coverage.Bench.Live - hubload <url> <connections>.
if (args is [_, "hubload", var url, var n])
{
    await HubLoad.RunChildAsync(new Uri(url), int.Parse(n, System.Globalization.CultureInfo.InvariantCulture));
    return 0;
}
if (args.Length < 2 || !File.Exists(args[0]))
{
    Console.Error.WriteLine("usage: Coverage.Bench.Live <Coverage.Dashboard.dll> <hub|pixel|reports|memory|sent|soak|rolling|lightcheck> [--via reports] [--writers N] [--reports N] [--connections N] [--changes N] [--interval-ms N] [--screens N] [--circuits N] [--minutes N] [--cut-minutes N] [--no-burst] [--settle-seconds N] [--light] [--idle-circuits N] [--reveal-deferred]");
    return 1;
}
var dll = Path.GetFullPath(args[0]);
var command = args[1];
int Option(string name, int fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;

Console.WriteLine($"bench {command}: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1073741824.0:F0} GiB");
Browser.ReducedMotion = args.Contains("--reduced-motion");
// Light circuits (headless Blazor circuits, LightCircuit.cs): --light for memory and sent, --idle-circuits N for pixel.
var light = args.Contains("--light");
LightCircuit.RevealDeferred = args.Contains("--reveal-deferred");
// ── Bench settings passed to the app (environment variables of the dashboard process under the bench) ──────────────
// The benches open thousands of hub connections, dozens of circuits and many API requests as one caller from one address:
// the per-caller limits (Limits:*, see the README's Security section) would refuse them, so the benches turn them off.
var settings = new Dictionary<string, string>
{
    ["Limits__ApiRequestsPerWindow"] = "0",
    ["Limits__HubConnectionsPerUser"] = "0",
    ["Limits__CircuitsPerUser"] = "0",
};
if (command == "soak")
{
    settings["DemoFeed__Enabled"] = "true";
    settings["DemoFeed__IntervalMs"] = Option("--interval-ms", 1000).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
// pixel --via reports: each change is a report confirmed through the API rather than a SQL commit.
var viaReports = Array.IndexOf(args, "--via") is var via and >= 0 && via + 1 < args.Length && args[via + 1] == "reports";
await using var app = await BenchApp.StartAsync(dll, settings);
switch (command)
{
    case "hub":
        await HubBench.RunAsync(app, Option("--connections", 2000), Option("--changes", 200), Option("--interval-ms", 100), burst: !args.Contains("--no-burst"),
            compact: !args.Contains("--arrays"));
        break;
    case "pixel" when viaReports:
        // Confirm → wall frame: a few walls (3 by default), each change a report confirmed through the API.
        await PixelBench.RunAsync(app, Option("--screens", 3), Option("--connections", 0), Option("--changes", 50), Option("--interval-ms", 700),
            Option("--width", 1920), Option("--height", 1080), viaReports: true);
        break;
    case "pixel":
        await PixelBench.RunAsync(app, Option("--screens", 20), Option("--connections", 2000), Option("--changes", 200), Option("--interval-ms", 700),
            Option("--width", 1920), Option("--height", 1080), idleCircuits: Option("--idle-circuits", 0));
        break;
    case "reports":
        await ReportBench.RunAsync(app, Option("--writers", 20), Option("--reports", 400));
        break;
    case "rolling":
        // Two nodes behind nginx, restarted in turn by SIGTERM (see RollingBench and README, Scale-out).
        await RollingBench.RunAsync(app, Option("--connections", 200), Option("--screens", 3), Option("--interval-ms", 200), Option("--settle-seconds", 5));
        break;
    case "memory":
        await MemoryBench.RunAsync(app, Option("--circuits", 100), Option("--hold", 0), light);
        break;
    case "sent":
        await SentBench.RunAsync(app, Option("--circuits", 100), Option("--connections", 2000), Option("--changes", 100), Option("--interval-ms", 300), light,
            Option("--warmup", 20), Option("--walls", 3));
        break;
    case "soak":
        await SoakBench.RunAsync(app, dll, Option("--minutes", 60), Option("--cut-minutes", 10));
        break;
    case "lightcheck":
        // Self-check of the light circuit: one opens, a station changes by SQL, a render batch must arrive within 10 s.
        if (!await LightBench.CheckAsync(app)) return 2;
        break;
    default:
        Console.Error.WriteLine($"unknown command {command}");
        return 1;
}
return 0;
