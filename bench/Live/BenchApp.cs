using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Coverage.Dashboard.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Npgsql;

namespace Coverage.Bench.Live;

/// <summary>
/// A Release build of the Dashboard in its own process, over a freshly seeded database of the real province, and the
/// credentials the bench uses on it, made as an operator would with the app's operations CLI: a viewer account and its
/// personal access token (<see cref="User"/>), and a wall display link (<see cref="WallUrl"/>).
/// </summary>
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

    /// <summary>The bench's user: Bearer token for HTTP and the hub, password for the sign-in form (overview and map pages).</summary>
    public BenchUser User { get; private set; } = null!;

    /// <summary>The display link a wall opens with (<c>/wall?display=…</c>), province scope.</summary>
    public Uri WallUrl { get; private set; } = null!;

    private string _dashboardDll = "";

    public static string AdminConnectionString => LocalSettings.TestAdminConnectionString;

    public static async Task<BenchApp> StartAsync(string dashboardDll, IDictionary<string, string>? settings = null)
    {
        var database = $"coverage_bench_{DateTime.UtcNow:HHmmss}_{Environment.ProcessId}";
        await ExecuteAsync(AdminConnectionString, $"CREATE DATABASE \"{database}\"");
        // Every hub connection now signs in with a token, which the server checks in the database: a batch of 100 connects at
        // once would have the app's pool (Npgsql's default: 100) open more connections than the shared local cluster allows
        // (max_connections 100, other test runs included) and answer 500. A smaller pool queues that work instead.
        var connectionString = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database, MaxPoolSize = 40 }.ConnectionString;
        var port = FreePort();
        settings ??= new Dictionary<string, string>();
        var process = Launch(dashboardDll, connectionString, port, settings);
        var app = new BenchApp(process, database, connectionString, new Uri($"http://127.0.0.1:{port}"), settings) { _dashboardDll = dashboardDll };
        var clock = Stopwatch.StartNew();
        await app.WaitHealthyAsync();
        Console.WriteLine($"app: {app.BaseAddress} healthy after {clock.Elapsed.TotalSeconds:F1} s (migrated and seeded the province), pid {process.Id}");
        await app.CreateCredentialsAsync();
        return app;
    }

    /// <summary>A viewer account, its token and a display link, through the operations CLI of the same published app.</summary>
    private async Task CreateCredentialsAsync()
    {
        User = await AddUserAsync(BenchUser.DefaultEmail, "viewer");
        WallUrl = new Uri(LastLine(await CliAsync(["displays", "create", "--name", "bench wall", "--base-url", BaseAddress.ToString()])));
        Console.WriteLine($"app: signed in as {User.Email} (viewer; personal access token, created with the operations CLI) and a wall display link");
    }

    /// <summary>
    /// One more account with its personal access token, made as an operator would (<c>users add … --role … --scope …
    /// --password-stdin</c>, <c>tokens create</c>): e.g. county staff who submit reports and a province admin who confirms them.
    /// </summary>
    public async Task<BenchUser> AddUserAsync(string email, string role, string? scope = null)
    {
        var password = BenchUser.NewPassword();
        string[] add = scope is null ? ["users", "add", email, "--role", role, "--password-stdin"] : ["users", "add", email, "--role", role, "--scope", scope, "--password-stdin"];
        await CliAsync(add, password + "\n");
        var token = LastLine(await CliAsync(["tokens", "create", email, "--name", "bench", "--days", "1"]));
        return new BenchUser(email, password, token);
    }

    /// <summary>An HTTP client on the app sending <paramref name="user"/>'s token.</summary>
    public HttpClient NewClient(BenchUser user) => user.Authorize(new HttpClient { BaseAddress = BaseAddress });

    /// <summary>A hub connection signed in with the bench user's personal access token (SignalR's accessTokenFactory).</summary>
    public HubConnection NewHubConnection() => new HubConnectionBuilder()
        .WithUrl(new Uri(BaseAddress, "/hubs/coverage"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(User.Token))
        .Build();

    private static string LastLine(string output) => output.TrimEnd().Split('\n')[^1].Trim();

    /// <summary>Runs <c>dotnet Coverage.Dashboard.dll &lt;args&gt;</c> on the bench's database; its stdout, or an exception with its stderr.</summary>
    public async Task<string> CliAsync(string[] args, string? stdin = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(_dashboardDll)!,
        };
        start.ArgumentList.Add(_dashboardDll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["ConnectionStrings__Coverage"] = ConnectionString;
        using var cli = Process.Start(start)!;
        var output = cli.StandardOutput.ReadToEndAsync();
        var error = cli.StandardError.ReadToEndAsync();
        await cli.StandardInput.WriteAsync(stdin ?? "");
        cli.StandardInput.Close();
        await cli.WaitForExitAsync();
        if (cli.ExitCode != 0) throw new InvalidOperationException($"'{string.Join(' ', args.Take(2))}' exited with {cli.ExitCode}: {await error}");
        return await output;
    }

    private bool _isNode;

    /// <summary>Another node of the same deployment (rolling bench): a second process on this database, on a port of its own,
    /// with the same user and display link. Disposing it stops the process only.</summary>
    public async Task<BenchApp> AddNodeAsync()
    {
        var port = FreePort();
        var node = new BenchApp(Launch(_dashboardDll, ConnectionString, port, _settings), Database, ConnectionString,
            new Uri($"http://127.0.0.1:{port}"), _settings) { _dashboardDll = _dashboardDll, _isNode = true, User = User, WallUrl = WallUrl };
        await node.WaitHealthyAsync();
        return node;
    }

    /// <summary>
    /// What an operator's rolling restart does to one node: SIGTERM (the node drains), wait for it to exit, start it again on the
    /// same port and wait until it is ready. Returns the seconds from SIGTERM to exit.
    /// </summary>
    public async Task<double> TerminateAndRestartAsync()
    {
        var clock = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        await _process.WaitForExitAsync();
        var stopped = clock.Elapsed.TotalSeconds;
        _process = Launch(_dashboardDll, ConnectionString, BaseAddress.Port, _settings);
        await WaitHealthyAsync();
        return stopped;
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
        // Errors go to stderr, which the bench prints (prefixed "app:"); the rest of the log is dropped.
        start.Environment["Logging__Console__LogToStandardErrorThreshold"] = "Error";
        // The first admin's generated password goes beside the bench, not into the user's own app-data folder.
        start.Environment["Admin__PasswordFile"] = AdminPasswordFile(port);
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
                using var response = await http.GetAsync(new Uri(BaseAddress, "/healthz/ready"));
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

    /// <summary>
    /// One connection kept open for a run's series of changes, as the dashboard's own writes use its pool's warm connections. An
    /// unpooled connection per change cost each change a new server process's start (connect, authenticate, load the catalogue
    /// and compile the trigger on its first statement: 5–10 ms on this box) before its commit: counted into commit → frame from
    /// the call, and into commit → applied from the transaction's start (the event's <c>now()</c>). Opened just before a run's
    /// changes and closed after them, so a PostgreSQL restart elsewhere cannot leave it dead.
    /// </summary>
    public async Task<BenchWriter> OpenWriterAsync()
    {
        var connection = new NpgsqlConnection(BenchConnectionString);
        await connection.OpenAsync();
        var writer = new BenchWriter(connection);
        // Fires the station trigger once (it records nothing: nothing changed) so its first real change is not the first in the session.
        await writer.ExecuteAsync("UPDATE stations SET mode = mode WHERE id = (SELECT min(id) FROM stations)");
        return writer;
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(BenchConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string AdminPasswordFile(int port) => Path.Combine(Path.GetTempPath(), $"coverage-bench-{port}-admin-password.txt");

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
        File.Delete(AdminPasswordFile(BaseAddress.Port));
        if (_isNode) return;
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(AdminConnectionString, $"DROP DATABASE IF EXISTS \"{Database}\" WITH (FORCE)");
    }
}

public static class Stats
{
    /// <summary>The machine's load averages over 1, 5 and 15 minutes, as /proc/loadavg gives them.</summary>
    public static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    public static string Describe(List<double> values, string unit = "ms")
    {
        values.Sort();
        return $"n={values.Count} p50={Percentile(values, 50):F1} {unit} p95={Percentile(values, 95):F1} {unit} p99={Percentile(values, 99):F1} {unit} max={values[^1]:F1} {unit}";
    }
}

/// <summary>A bench's open connection for its changes (<see cref="BenchApp.OpenWriterAsync"/>); one statement at a time.</summary>
public sealed class BenchWriter(NpgsqlConnection connection) : IAsyncDisposable
{
    public async Task ExecuteAsync(string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 120 };
        await command.ExecuteNonQueryAsync();
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
