using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Coverage.Bench.Live;

/// <summary>
/// The report API (报送) under concurrent writers, as the workflow runs it: county staff (one account per county, made with the
/// operations CLI) submit reports on distinct stations of their county, each a valid next step (planned → underConstruction,
/// underConstruction → operating, and — the seed being mostly operating by its reference date — operating → suspended, effective today); then a province admin's clients confirm every one. Latency = request start →
/// response read, per request, at W writers in parallel.
/// </summary>
public static class ReportBench
{
    /// <summary>A station a county may report one step along its lifecycle today.</summary>
    public sealed record Candidate(int Id, string County, string Status)
    {
        public string Next => Status switch { "planned" => "underConstruction", "underConstruction" => "operating", _ => "suspended" };
    }

    /// <summary>Counties' users with the pending reports they submitted (report id by station).</summary>
    public sealed record Pending(BenchUser Decider, IReadOnlyList<long> Reports);

    private static string Today => DateTime.Now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static async Task RunAsync(BenchApp app, int writers, int reports)
    {
        var candidates = await CandidatesAsync(app, "planned", "underConstruction", "operating");
        var chosen = Choose(candidates, writers, reports);
        var (counties, decider) = await UsersAsync(app, chosen);
        Console.WriteLine($"reports: {counties.Count} county users and a province admin (operations CLI); {chosen.Count} stations in {counties.Count} counties, " +
            $"{chosen.Count(c => c.Status == "planned")} planned → underConstruction, {chosen.Count(c => c.Status == "underConstruction")} underConstruction → operating, " +
            $"{chosen.Count(c => c.Status == "operating")} operating → suspended");

        // Submit: one writer per county, each through its own stations in turn, all counties at once.
        var submitted = new ConcurrentBag<long>();
        var (submit, submitFailures, submitTime) = await TimedAsync(counties.Select(county =>
        {
            var mine = new ConcurrentQueue<Candidate>(chosen.Where(c => c.County == county.Key));
            return (app.NewClient(county.Value), (Func<HttpClient, Task<HttpStatusCode>>)(async client =>
            {
                if (!mine.TryDequeue(out var station)) return 0;
                var (status, id) = await SubmitAsync(client, station);
                if (id is { } made) submitted.Add(made);
                return status;
            }));
        }).ToList());
        Console.WriteLine($"submit API ({counties.Count} concurrent writers, {chosen.Count} reports on distinct stations): {Stats.Describe(submit)}; " +
            $"{submit.Count / submitTime.TotalSeconds:F0} reports/s; not 201: {submitFailures}");

        // Confirm: W clients of the province admin take the pending reports from one queue, each report once.
        var queue = new ConcurrentQueue<long>(submitted.Order());
        var (confirm, confirmFailures, confirmTime) = await TimedAsync(Enumerable.Range(0, writers).Select(_ =>
            (app.NewClient(decider), (Func<HttpClient, Task<HttpStatusCode>>)(async client =>
                queue.TryDequeue(out var id) ? await ConfirmAsync(client, id) : 0))).ToList());
        Console.WriteLine($"confirm API ({writers} concurrent writers, {submitted.Count} pending reports, each confirmed once): {Stats.Describe(confirm)}; " +
            $"{confirm.Count / confirmTime.TotalSeconds:F0} confirms/s; not 200: {confirmFailures}");
    }

    /// <summary>
    /// <paramref name="count"/> pending reports that each move one station from underConstruction to operating (so the walls'
    /// "operating" counter changes when one is confirmed), submitted by the stations' county users; and the admin who confirms them.
    /// </summary>
    public static async Task<Pending> PendingGoLivesAsync(BenchApp app, int count)
    {
        var candidates = await CandidatesAsync(app, "underConstruction");
        // As few counties (so as few accounts) as cover the count.
        var chosen = candidates.GroupBy(c => c.County).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .SelectMany(g => g).Take(count).ToList();
        var (counties, decider) = await UsersAsync(app, chosen);
        var ids = new List<long>();
        foreach (var station in chosen)
        {
            using var client = app.NewClient(counties[station.County]);
            var (status, id) = await SubmitAsync(client, station);
            ids.Add(id ?? throw new InvalidOperationException($"Submitting a report on station {station.Id} answered {(int)status}."));
        }
        Console.WriteLine($"reports: {ids.Count} pending go-live reports by {counties.Count} county users (operations CLI), confirmed by a province admin");
        return new Pending(decider, ids);
    }

    /// <summary>Confirms report <paramref name="id"/>; the status code.</summary>
    public static async Task<HttpStatusCode> ConfirmAsync(HttpClient client, long id)
    {
        using var response = await client.PostAsync($"/api/reports/{id}/confirm", null);
        await response.Content.ReadAsByteArrayAsync();
        return response.StatusCode;
    }

    private static async Task<(HttpStatusCode Status, long? Id)> SubmitAsync(HttpClient client, Candidate station)
    {
        using var response = await client.PostAsJsonAsync($"/api/stations/{station.Id}/reports", new { status = station.Next, effectiveOn = Today });
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created) return (response.StatusCode, null);
        using var json = JsonDocument.Parse(body);
        return (response.StatusCode, json.RootElement.GetProperty("id").GetInt64());
    }

    /// <summary>
    /// Runs each worker's step until it answers 0 (nothing left), all workers at once; the latency of every step, how many
    /// did not answer 2xx, and the wall time.
    /// </summary>
    private static async Task<(List<double> Latencies, int Failures, TimeSpan Elapsed)> TimedAsync(
        IReadOnlyList<(HttpClient Client, Func<HttpClient, Task<HttpStatusCode>> Step)> workers)
    {
        // Warm-up, untimed: each client's token is checked once (and its first use audited) before the clock starts.
        await Task.WhenAll(workers.Select(async w => (await w.Client.GetAsync("/api/reports?limit=1")).EnsureSuccessStatusCode()));
        var latencies = new ConcurrentBag<double>();
        var failures = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(workers.Select(async worker =>
        {
            using var client = worker.Client;
            while (true)
            {
                var start = Stopwatch.GetTimestamp();
                var status = await worker.Step(client);
                if (status == 0) return;
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                if ((int)status is < 200 or > 299)
                {
                    if (Interlocked.Increment(ref failures) <= 3) Console.Error.WriteLine($"  bench: a request answered {(int)status}");
                }
            }
        }));
        return (latencies.ToList(), failures, clock.Elapsed);
    }

    /// <summary>Stations in <paramref name="statuses"/> whose latest date is not after today (so today is a valid effective date).</summary>
    private static async Task<List<Candidate>> CandidatesAsync(BenchApp app, params string[] statuses)
    {
        using var client = app.NewClient(app.User);
        var found = new List<Candidate>();
        var today = Today;
        for (var page = 1; ; page++)
        {
            using var json = JsonDocument.Parse(await client.GetStringAsync($"/api/stations?status={string.Join(',', statuses)}&pageSize=1000&page={page}"));
            var items = json.RootElement.GetProperty("items");
            foreach (var s in items.EnumerateArray())
            {
                var dates = new[] { "plannedOn", "constructionStartedOn", "operatingSince", "suspendedOn" }
                    .Select(d => s.TryGetProperty(d, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "");
                if (dates.Any(d => string.CompareOrdinal(d, today) > 0)) continue;
                found.Add(new Candidate(s.GetProperty("id").GetInt32(), s.GetProperty("countyCode").GetString()!, s.GetProperty("status").GetString()!));
            }
            if (page * 1000 >= json.RootElement.GetProperty("total").GetInt32()) return found;
        }
    }

    /// <summary>The <paramref name="writers"/> counties with the most candidates, and up to reports/writers stations in each.</summary>
    private static List<Candidate> Choose(List<Candidate> candidates, int writers, int reports)
    {
        var perCounty = (reports + writers - 1) / writers;
        return candidates.GroupBy(c => c.County).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(writers)
            .SelectMany(g => g.Take(perCounty)).ToList();
    }

    /// <summary>A county-staff account (with its token) for each county of <paramref name="stations"/>, and a province admin to confirm.</summary>
    private static async Task<(Dictionary<string, BenchUser> Counties, BenchUser Decider)> UsersAsync(BenchApp app, List<Candidate> stations)
    {
        var counties = new Dictionary<string, BenchUser>(StringComparer.Ordinal);
        var codes = stations.Select(s => s.County).Distinct(StringComparer.Ordinal).ToList();
        // A few CLI processes at a time: each is a whole .NET start on a machine the app and the database share.
        for (var batch = 0; batch < codes.Count; batch += 4)
        {
            var made = await Task.WhenAll(codes.Skip(batch).Take(4).Select(async code =>
                (code, await app.AddUserAsync($"bench-county-{code}@bench.local", "countyStaff", code))));
            foreach (var (code, user) in made) counties[code] = user;
        }
        return (counties, await app.AddUserAsync("bench-admin@bench.local", "provinceAdmin"));
    }
}
