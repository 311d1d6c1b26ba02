using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Coverage.Dashboard.Tests.Support;
using Npgsql;

namespace Coverage.Bench.Live;

/// <summary>A Release build of the Dashboard in its own process, over a freshly seeded database of the real province.</summary>
public sealed class BenchApp : IAsyncDisposable
{
    private Process _process;
    private readonly IDictionary<string, string> _settings;

    private BenchApp(Process process, string database, string connectionString, Uri baseAddress, IDictionary<string, string> settings)
    {
        _process = process;
        _settings = settings;
        Database = database;
        ConnectionString = connectionString;
        BaseAddress = baseAddress;
    }

    public string Database { get; }
    public string ConnectionString { get; }
    public Uri BaseAddress { get; }
    public int ProcessId => _process.Id;

    public static string AdminConnectionString => LocalSettings.TestAdminConnectionString;

    public static async Task<BenchApp> StartAsync(string dashboardDll, IDictionary<string, string>? settings = null)
    {
        var database = $"coverage_bench_{DateTime.UtcNow:HHmmss}_{Environment.ProcessId}";
        await ExecuteAsync(AdminConnectionString, $"CREATE DATABASE \"{database}\"");
        var connectionString = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database }.ConnectionString;
        var port = FreePort();
        settings ??= new Dictionary<string, string>();
        var process = Launch(dashboardDll, connectionString, port, settings);
        var app = new BenchApp(process, database, connectionString, new Uri($"http://127.0.0.1:{port}"), settings);
        var clock = Stopwatch.StartNew();
        await app.WaitHealthyAsync();
        Console.WriteLine($"app: {app.BaseAddress} healthy after {clock.Elapsed.TotalSeconds:F1} s (migrated and seeded the province), pid {process.Id}");
        return app;
    }

    /// <summary>Kills the dashboard process and starts a new one on the same port and database; returns once it is healthy.</summary>
    public async Task RestartAsync(string dashboardDll)
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process = Launch(dashboardDll, ConnectionString, BaseAddress.Port, _settings);
        await WaitHealthyAsync();
    }

    private static Process Launch(string dashboardDll, string connectionString, int port, IDictionary<string, string> settings)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(dashboardDll)! };
        start.ArgumentList.Add(dashboardDll);
        start.Environment["ConnectionStrings__Coverage"] = connectionString;
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (k, v) in settings) start.Environment[k] = v;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("  app: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task WaitHealthyAsync()
    {
        using var http = new HttpClient();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The dashboard exited with {_process.ExitCode}.");
            try
            {
                using var response = await http.GetAsync(new Uri(BaseAddress, "/healthz"));
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            if (clock.Elapsed > TimeSpan.FromMinutes(3)) throw new TimeoutException("The dashboard did not become healthy in 3 minutes.");
            await Task.Delay(100);
        }
    }

    public long WorkingSetBytes()
    {
        _process.Refresh();
        return _process.WorkingSet64;
    }

    // The bench's own SQL is unpooled: a PostgreSQL restart elsewhere must not leave it holding dead connections.
    private string BenchConnectionString => new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString;

    public Task ExecuteAsync(string sql) => ExecuteAsync(BenchConnectionString, sql);

    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 120 };
        await command.ExecuteNonQueryAsync();
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(BenchConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(AdminConnectionString, $"DROP DATABASE IF EXISTS \"{Database}\" WITH (FORCE)");
    }
}

public static class Stats
{
    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    public static string Describe(List<double> values, string unit = "ms")
    {
        values.Sort();
        return $"n={values.Count} p50={Percentile(values, 50):F1} {unit} p95={Percentile(values, 95):F1} {unit} p99={Percentile(values, 99):F1} {unit} max={values[^1]:F1} {unit}";
    }
}
