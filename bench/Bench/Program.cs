using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using Coverage.Bench;
using Coverage.Dashboard.Tests.Support;
using Microsoft.Playwright;

// Measures the map's targets against a running dashboard (see bench/README.md):
//   payload  gzipped size of the whole-province township layer and county outlines (target ≤ 300 KB together)
//   summary  /api/summary latency over 1,000 sequential requests after a warm-up (target p95 ≤ 20 ms)
//   paint    navigation start → first map paint of '/' in headless Chromium (median of 5 cold page loads)
//   playback one time-playback step's server work for 60 monthly as-of dates: the KPIs, the ranking and the map's
//            county layer at that date (target p95 ≤ 100 ms a step)
//   export   the whole province exported (.xlsx and CSV) from /api/gaps and /api/stations: p50 of 5 downloads and size (target < 1 s)
//   brief    navigation start → /brief printable (marked ready, map painted), median and p95 of 5 cold loads, for the
//            province and one prefecture; then the size and page count of Chromium's A4 PDF of it
//   layers   the layer API with a new asOf on every request (one user, then several): req/s, p50/p95/p99, 429s, /healthz p50/p99
//            meanwhile and the layer cache's size from /metrics (only when asked for by name)
//   shot     a screenshot of a path, with the browser console printed (a developer aid)
// It signs in as the user BENCH_EMAIL / BENCH_PASSWORD / BENCH_TOKEN (bench/run.sh makes one with the operations CLI).
var baseAddress = new Uri(Environment.GetEnvironmentVariable("BENCH_URL") ?? $"http://127.0.0.1:{LocalSettings.Get("BENCH_PORT")}/");
var what = args.Length > 0 ? args[0] : "all";
BenchUser user;
try
{
    user = BenchUser.FromEnvironment();
}
catch (InvalidOperationException e)
{
    Console.Error.WriteLine($"bench: {e.Message}");
    return 1;
}

if (what is "payload" or "all") await PayloadAsync();
if (what is "summary" or "all") await SummaryAsync();
if (what is "paint" or "all") await PaintAsync();
if (what is "playback" or "all") await PlaybackAsync();
if (what is "export" or "all") await ExportAsync();
if (what is "brief" or "all") await BriefAsync();
// Not part of "all": it loads the server on purpose (see LayersBench).
if (what is "layers")
    await LayersBench.RunAsync(baseAddress, [user.Token, .. (Environment.GetEnvironmentVariable("BENCH_TOKENS") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)],
        Environment.GetEnvironmentVariable("BENCH_ADMIN_TOKEN"));
if (what is "shot") await ShotAsync(args[1], args[2], args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1080);
return 0;

async Task PayloadAsync()
{
    using var client = user.Authorize(new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = baseAddress });
    long total = 0;
    foreach (var layer in new[] { "api/map/townships", "api/map/counties", "api/map/prefectures" })
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, layer);
        request.Headers.AcceptEncoding.ParseAdd("gzip");
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var gzip = await response.Content.ReadAsByteArrayAsync();
        var raw = Gunzip(gzip);
        var features = raw.Split("\"type\":\"Feature\"").Length - 1;
        Console.WriteLine(FormattableString.Invariant($"payload {layer,-22} {features,5} features  {raw.Length / 1024.0,8:0.0} KB raw  {gzip.Length / 1024.0,7:0.0} KB gzip"));
        if (layer != "api/map/prefectures") total += gzip.Length;
    }
    Console.WriteLine(FormattableString.Invariant($"payload province townships + county outlines: {total / 1024.0:0.0} KB gzip (target ≤ 300 KB)"));
}

async Task SummaryAsync()
{
    using var client = user.Authorize(new HttpClient { BaseAddress = baseAddress });
    for (var i = 0; i < 100; i++) (await client.GetAsync("api/summary")).EnsureSuccessStatusCode();
    var times = new List<double>(1000);
    var paths = new[] { "api/summary", "api/summary?prefecture=5134", "api/summary?prefecture=5134&status=planned,underConstruction&asOf=2023-12-31" };
    for (var i = 0; i < 1000; i++)
    {
        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync(paths[i % paths.Length]);
        await response.Content.ReadAsByteArrayAsync();
        watch.Stop();
        response.EnsureSuccessStatusCode();
        times.Add(watch.Elapsed.TotalMilliseconds);
    }
    times.Sort();
    Console.WriteLine(FormattableString.Invariant(
        $"summary 1000 requests: p50 {times[499]:0.00} ms  p95 {times[949]:0.00} ms  p99 {times[989]:0.00} ms  max {times[^1]:0.00} ms (target p95 ≤ 20 ms)"));
}

async Task ExportAsync()
{
    using var client = user.Authorize(new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) });
    foreach (var path in new[] { "api/gaps?format=xlsx", "api/gaps?format=csv", "api/stations?format=xlsx", "api/stations?format=csv" })
    {
        (await client.GetAsync(path)).EnsureSuccessStatusCode(); // warm-up
        var times = new List<double>(5);
        long size = 0;
        for (var i = 0; i < 5; i++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await client.GetAsync(path);
            var body = await response.Content.ReadAsByteArrayAsync();
            watch.Stop();
            response.EnsureSuccessStatusCode();
            times.Add(watch.Elapsed.TotalMilliseconds);
            size = body.Length;
        }
        times.Sort();
        Console.WriteLine(FormattableString.Invariant(
            $"export {path,-26} p50 {times[2],7:0.0} ms  max {times[^1],7:0.0} ms  {size / 1024.0,8:0.0} KB (whole province; target < 1 s)"));
    }
}

async Task PaintAsync()
{
    using var playwright = await Playwright.CreateAsync();
    await using var browser = await LaunchAsync(playwright);
    // Signed in once; each cold load is a fresh context (empty cache) carrying the session cookie, then reloaded once warm.
    var session = await user.SignInAsync(playwright, baseAddress);
    var samples = new List<double>();
    var warmSamples = new List<double>();
    var cold = new List<Transfer>();
    var warm = new List<Transfer>();
    var milestones = new List<Dictionary<string, double>>();
    for (var i = 0; i < 6; i++)
    {
        await using var context = await browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = 1920, Height = 1080 }, Locale = "zh-CN", StorageState = session,
        });
        var page = await context.NewPageAsync();
        var bytes = await NetworkBytes.AttachAsync(page);
        // BENCH_TRACE=file: a Chromium performance trace of the last cold load (open it in DevTools' Performance panel).
        var trace = i == 5 ? Environment.GetEnvironmentVariable("BENCH_TRACE") : null;
        var tracing = trace is { Length: > 0 } ? await ChromiumTrace.StartAsync(page) : null;
        await page.GotoAsync(new Uri(baseAddress, "/").ToString());
        var painted = await PaintedAsync(page);
        if (tracing is not null) await tracing.StopAsync(trace!);
        var loadMilestones = await MilestonesAsync(page);
        // Bytes: everything the load fetched until the network is quiet (below-the-fold modules loaded after the paint included).
        await bytes.WaitForQuietAsync(TimeSpan.FromMilliseconds(750), TimeSpan.FromSeconds(20));
        var coldTransfer = Transfer.Of(bytes);
        var coldRequests = bytes.Finished;
        bytes.Reset();
        await page.ReloadAsync();
        var warmPainted = await PaintedAsync(page);
        await bytes.WaitForQuietAsync(TimeSpan.FromMilliseconds(750), TimeSpan.FromSeconds(20));
        var warmTransfer = Transfer.Of(bytes);
        if (i == 0) continue; // the first load warms the server's caches
        samples.Add(painted);
        milestones.Add(loadMilestones);
        warmSamples.Add(warmPainted);
        cold.Add(coldTransfer);
        warm.Add(warmTransfer);
        if (i == 5 && Environment.GetEnvironmentVariable("BENCH_VERBOSE") is { Length: > 0 })
        {
            foreach (var (load, requests) in new[] { ("cold", coldRequests), ("warm", bytes.Finished) })
            {
                foreach (var r in requests.OrderByDescending(r => r.Bytes))
                    Console.WriteLine(FormattableString.Invariant($"  {load} {r.Type,-10} {r.Status} {(r.FromCache ? "cache" : ""),-5} {r.Bytes,8} {r.Url}"));
            }
        }
    }
    samples.Sort();
    warmSamples.Sort();
    Console.WriteLine(FormattableString.Invariant(
        $"paint '/' navigation → first map paint: median {samples[samples.Count / 2]:0} ms, min {samples[0]:0} ms, max {samples[^1]:0} ms over {samples.Count} loads (target ≤ 1,000 ms); warm reload median {warmSamples[warmSamples.Count / 2]:0} ms"));
    // Where a cold load's time goes: the median of each milestone over the same loads.
    Console.WriteLine("paint '/' cold load milestones (ms since navigation start, medians): " + string.Join(", ",
        milestones.SelectMany(m => m.Keys).Distinct().Select(key =>
        {
            var values = milestones.Where(m => m.ContainsKey(key)).Select(m => m[key]).Order().ToList();
            return FormattableString.Invariant($"{key} {values[values.Count / 2]:0}");
        })));
    Console.WriteLine($"paint '/' cold load transferred: {Transfer.Median(cold)} (target ≤ 350 KB)");
    Console.WriteLine($"paint '/' warm reload transferred: {Transfer.Median(warm)} (target ≤ 30 KB)");
    Console.WriteLine("paint (HTTP: the sum of CDP Network.loadingFinished encodedDataLength, headers included, until the network is quiet; " +
        "static = scripts, style sheets, fonts, images; WebSocket: frame payloads received/sent on the circuit, counted separately)");
}

// The navigation's own timings, the map's module and Leaflet fetched, the circuit negotiated, the layers requested and received.
static async Task<Dictionary<string, double>> MilestonesAsync(IPage page) =>
    await page.EvaluateAsync<Dictionary<string, double>>(@"() => {
        const out = {};
        const nav = performance.getEntriesByType('navigation')[0];
        out.html = nav.responseEnd;
        out.domContentLoaded = nav.domContentLoadedEventEnd;
        const resources = performance.getEntriesByType('resource');
        const first = (test, key, field) => {
            const r = resources.find(e => test(e.name));
            if (r) out[key] = r[field];
        };
        first(n => /CoverageMap[^/]*\.razor\.js/.test(n), 'mapModule', 'responseEnd');
        first(n => /leaflet[^/]*\.js/.test(n), 'leaflet', 'responseEnd');
        first(n => n.includes('_blazor/negotiate'), 'negotiateRequested', 'startTime');
        first(n => n.includes('_blazor/negotiate'), 'negotiated', 'responseEnd');
        for (const p of performance.getEntriesByType('paint')) out[p.name] = p.startTime;
        first(n => n.includes('api/map/counties'), 'countiesRequested', 'startTime');
        first(n => n.includes('api/map/counties'), 'countiesReceived', 'responseEnd');
        first(n => n.includes('api/map/prefectures'), 'prefecturesReceived', 'responseEnd');
        for (const m of performance.getEntriesByType('mark')) if (m.name.startsWith('coverage-map:') && !(m.name in out)) out[m.name.slice(13)] = m.startTime;
        out.painted = Number(document.querySelector('[data-testid=coverage-map][data-painted]').dataset.painted);
        return out;
    }");

static async Task<double> PaintedAsync(IPage page)
{
    var map = page.Locator("[data-testid=coverage-map][data-painted]");
    await map.WaitForAsync(new() { Timeout = 30_000 });
    // data-painted is performance.now() at the frame after the first layers were drawn: time since navigation start.
    return double.Parse((await map.GetAttributeAsync("data-painted"))!, CultureInfo.InvariantCulture);
}

// A playback step recomputes, as of its date, what the APIs below answer (the page computes the same figures from the
// same read model in its circuit) and the map fetches its layer for that date. The first round meets every layer cold
// (each as-of date is a new cache entry, as in a real playback); the second is the same frames replayed.
async Task PlaybackAsync()
{
    using var client = user.Authorize(new HttpClient { BaseAddress = baseAddress });
    (await client.GetAsync("api/summary")).EnsureSuccessStatusCode();
    var dates = Enumerable.Range(0, 60).Select(i => new DateOnly(2021, 1, 1).AddMonths(i + 1).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList();
    var parts = new[] { "api/summary", "api/prefectures", "api/map/counties" };
    foreach (var round in new[] { "cold", "replayed" })
    {
        var steps = new List<double>();
        var byPart = parts.ToDictionary(p => p, _ => new List<double>());
        foreach (var date in dates)
        {
            var step = 0.0;
            foreach (var part in parts)
            {
                var watch = Stopwatch.StartNew();
                using var response = await client.GetAsync($"{part}?asOf={date}");
                await response.Content.ReadAsByteArrayAsync();
                watch.Stop();
                response.EnsureSuccessStatusCode();
                byPart[part].Add(watch.Elapsed.TotalMilliseconds);
                step += watch.Elapsed.TotalMilliseconds;
            }
            steps.Add(step);
        }
        var detail = string.Join("  ", parts.Select(p => FormattableString.Invariant($"{p} p95 {Percentile(byPart[p], 0.95):0.0}")));
        Console.WriteLine(FormattableString.Invariant(
            $"playback {round,-8} 60 monthly steps: p50 {Percentile(steps, 0.5):0.0} ms  p95 {Percentile(steps, 0.95):0.0} ms  max {steps.Max():0.0} ms a step (target p95 ≤ 100 ms) — {detail}"));
    }
}

static double Percentile(List<double> values, double p)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}

async Task BriefAsync()
{
    using var playwright = await Playwright.CreateAsync();
    await using var browser = await LaunchAsync(playwright);
    var session = await user.SignInAsync(playwright, baseAddress);
    foreach (var path in new[] { "/brief?prefecture=", "/brief?prefecture=5134" })
    {
        var samples = new List<double>();
        byte[] pdf = [];
        double pdfMs = 0;
        for (var i = 0; i < 6; i++)
        {
            await using var context = await browser.NewContextAsync(new()
            {
                ViewportSize = new() { Width = 1280, Height = 1000 }, Locale = "zh-CN", StorageState = session,
            });
            var page = await context.NewPageAsync();
            await page.GotoAsync(new Uri(baseAddress, path).ToString());
            // Printable: the page marked ready (interactive, figures and paragraph in place) and its map painted; the time
            // is performance.now() at the first animation frame both hold, i.e. since navigation start.
            var ready = await page.WaitForFunctionAsync(
                "() => document.querySelector('[data-testid=brief][data-ready] [data-testid=coverage-map][data-painted]') ? performance.now() : null",
                null, new() { Timeout = 30_000 });
            var printable = await ready.JsonValueAsync<double>();
            if (i == 0) continue; // the first load warms the server's caches
            samples.Add(printable);
            if (i == 5)
            {
                var watch = Stopwatch.StartNew();
                pdf = await page.PdfAsync(new() { Format = "A4", PrintBackground = true });
                pdfMs = watch.Elapsed.TotalMilliseconds;
                // A look at the printed page (the printable width of A4 at 96 dpi, print media), beside the bench's other output.
                var name = path.EndsWith('=') ? "province" : path[(path.LastIndexOf('=') + 1)..];
                await File.WriteAllBytesAsync($"bench/.out/brief-{name}.pdf", pdf);
                await page.EmulateMediaAsync(new() { Media = Media.Print });
                await page.SetViewportSizeAsync(718, 1047);
                await page.ScreenshotAsync(new() { Path = $"bench/.out/brief-{name}.png", FullPage = true });
            }
        }
        samples.Sort();
        var pages = System.Text.RegularExpressions.Regex.Count(System.Text.Encoding.Latin1.GetString(pdf), @"/Type\s*/Page(?![a-zA-Z])");
        Console.WriteLine(FormattableString.Invariant(
            $"brief '{path}' navigation → printable: median {samples[samples.Count / 2]:0} ms, p95 {samples[^1]:0} ms (max of {samples.Count}), min {samples[0]:0} ms; A4 PDF {pdf.Length / 1024.0:0.0} KB, {pages} page(s), printed in {pdfMs:0} ms"));
    }
}

async Task ShotAsync(string path, string file, int height)
{
    using var playwright = await Playwright.CreateAsync();
    await using var browser = await LaunchAsync(playwright);
    var page = await browser.NewPageAsync(new()
    {
        ViewportSize = new() { Width = 1920, Height = height }, Locale = "zh-CN", StorageState = await user.SignInAsync(playwright, baseAddress),
    });
    page.Console += (_, m) => Console.WriteLine($"console {m.Type}: {m.Text}");
    page.PageError += (_, e) => Console.WriteLine($"page error: {e}");
    await page.GotoAsync(new Uri(baseAddress, path).ToString());
    try { await page.Locator("[data-testid=coverage-map][data-painted]").WaitForAsync(new() { Timeout = 15_000 }); }
    catch (TimeoutException) { Console.WriteLine("no map paint within 15 s"); }
    await page.WaitForTimeoutAsync(500);
    await page.ScreenshotAsync(new() { Path = file, FullPage = true });
}

static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(LocalSettings.Chromium());

static string Gunzip(byte[] gzip)
{
    using var input = new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress);
    using var reader = new StreamReader(input);
    return reader.ReadToEnd();
}

/// <summary>What one page load transferred (see <see cref="NetworkBytes"/>).</summary>
sealed record Transfer(long Http, long Static, int Requests, int FromCache, long WebSocketReceived, long WebSocketSent)
{
    public static Transfer Of(NetworkBytes bytes)
    {
        var finished = bytes.Finished;
        return new(finished.Sum(r => r.Bytes), finished.Where(r => r.IsStatic).Sum(r => r.Bytes), finished.Count, finished.Count(r => r.FromCache),
            bytes.WebSocketReceived, bytes.WebSocketSent);
    }

    /// <summary>The load with the median HTTP bytes, described.</summary>
    public static string Median(List<Transfer> loads)
    {
        var t = loads.OrderBy(l => l.Http).ElementAt(loads.Count / 2);
        return FormattableString.Invariant(
            $"HTTP {t.Http / 1024.0:0.0} KB in {t.Requests} requests ({t.FromCache} from cache; static files {t.Static / 1024.0:0.0} KB); WebSocket {t.WebSocketReceived / 1024.0:0.0} KB received, {t.WebSocketSent / 1024.0:0.0} KB sent (median of {loads.Count})");
    }
}
