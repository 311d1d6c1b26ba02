using System.Diagnostics;
using Npgsql;

namespace Coverage.Dashboard.Tests.Support;

/// <summary>Controls the local Debian cluster the tests run on (scripts/provision-postgres.sh creates it).</summary>
public static class PostgresCluster
{
    public static string Version => LocalSettings.Get("COVERAGE_PG_VERSION");
    public static string Name => LocalSettings.Get("COVERAGE_PG_CLUSTER");

    /// <summary>Restarts PostgreSQL (fast shutdown: every connection is cut) and waits until it accepts connections.</summary>
    public static async Task RestartAsync()
    {
        var asRoot = Environment.UserName == "root";
        var start = new ProcessStartInfo(asRoot ? "pg_ctlcluster" : "sudo")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        if (!asRoot) start.ArgumentList.Add("-n");
        if (!asRoot) start.ArgumentList.Add("pg_ctlcluster");
        foreach (var a in new[] { Version, Name, "restart", "-m", "fast" }) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("pg_ctlcluster did not start");
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException(
                $"Restarting cluster {Version}/{Name} failed ({process.ExitCode}): {await process.StandardError.ReadToEndAsync()} " +
                "The restart tests need root (or passwordless sudo) and the local cluster from scripts/provision-postgres.sh.");
        NpgsqlConnection.ClearAllPools();
        await PostgisServer.ExecuteAsync("SELECT 1");
    }
}
