using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Coverage.Dashboard.Tests.Support.Rolling;

/// <summary>
/// Writes a station status change every <c>interval</c> through the load balancer while nodes restart: the given stations
/// (operating or suspended, each) move operating ⇄ suspended in turn. A write that fails (no answer, 5xx) is retried until it lands; a retry refused
/// because the first attempt had in fact been applied (the station is already in that status) is checked by reading the station.
/// Counts what a client would have seen. Shared by the rolling-restart test and bench (no xunit here).
/// </summary>
public sealed class StatusWriter(HttpClient client, TimeSpan interval, IReadOnlyList<int> stations)
{
    private readonly List<string> _errors = [];

    /// <summary>Writes that landed (each one station event).</summary>
    public int Written { get; private set; }

    /// <summary>Failed attempts (exceptions or 5xx answers), each retried.</summary>
    public IReadOnlyList<string> Errors => _errors;

    /// <summary>Writes that needed a retry and then landed.</summary>
    public int Retried { get; private set; }

    /// <summary>The slowest write, retries included.</summary>
    public TimeSpan Slowest { get; private set; }

    public async Task RunAsync(CancellationToken stop)
    {
        var statuses = new Dictionary<int, string?>();
        foreach (var id in stations) statuses[id] = await StatusAsync(id);
        for (var k = 0; !stop.IsCancellationRequested; k++)
        {
            var next = Task.Delay(interval, CancellationToken.None);
            var station = stations[k % stations.Count];
            var target = statuses[station] == "operating" ? "suspended" : "operating";
            await WriteAsync(station, target);
            statuses[station] = target;
            await next;
        }
    }

    private async Task WriteAsync(int station, string status)
    {
        var clock = Stopwatch.StartNew();
        var today = DateTime.Now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var response = await client.PostAsJsonAsync($"/api/stations/{station}/status", new { status, effectiveOn = today });
                if (response.IsSuccessStatusCode || (attempt > 0 && (int)response.StatusCode == 400 && await IsAsync(station, status)))
                {
                    Written++;
                    if (attempt > 0) Retried++;
                    if (clock.Elapsed > Slowest) Slowest = clock.Elapsed;
                    return;
                }
                var error = $"station {station} → {status}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                if ((int)response.StatusCode < 500) throw new InvalidOperationException(error); // a bug, not the restart
                _errors.Add(error);
            }
            catch (HttpRequestException e)
            {
                _errors.Add($"station {station} → {status}: {e.Message}");
            }
            await Task.Delay(100);
        }
    }

    private async Task<bool> IsAsync(int station, string status) => await StatusAsync(station) == status;

    private async Task<string?> StatusAsync(int station)
    {
        using var document = JsonDocument.Parse(await client.GetStringAsync($"/api/stations/{station}"));
        return document.RootElement.GetProperty("status").GetString();
    }
}
