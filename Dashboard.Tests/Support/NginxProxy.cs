using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Coverage.Dashboard.Tests.Support;

/// <summary>
/// Debian's nginx in front of several dashboard nodes, configured from the same template as <c>scripts/cluster.sh</c>
/// (<c>scripts/cluster/nginx.conf.template</c>): sticky sessions by the <c>coverage_node</c> cookie, WebSocket upgrade,
/// passive health checks. <c>scripts/test.sh</c> installs nginx; without it the tests fail loudly. No xunit here: the rolling
/// bench links this file too.
/// </summary>
public sealed class NginxProxy : IAsyncDisposable
{
    private const string Executable = "/usr/sbin/nginx";
    private readonly Process _process;
    private readonly DirectoryInfo _folder;

    private NginxProxy(Process process, DirectoryInfo folder, int port)
    {
        _process = process;
        _folder = folder;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    public Uri BaseAddress { get; }

    public static async Task<NginxProxy> StartAsync(params Uri[] nodes)
    {
        if (!File.Exists(Executable)) throw new InvalidOperationException($"{Executable} is missing: install nginx (bash scripts/test.sh installs nginx-light)");
        var port = FreePort();
        var folder = Directory.CreateTempSubdirectory("coverage-nginx-");
        foreach (var temp in new[] { "client_body", "proxy", "fastcgi", "uwsgi", "scgi" }) folder.CreateSubdirectory(temp);
        var upstreams = string.Concat(nodes.Select(n => $"        server 127.0.0.1:{n.Port} max_fails=1 fail_timeout=3s;\n"));
        var config = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "nginx.conf.template"))
            .Replace("@USER@", Environment.UserName == "root" ? "user root;" : "", StringComparison.Ordinal)
            .Replace("@PREFIX@", folder.FullName, StringComparison.Ordinal)
            .Replace("@LISTEN@", $"127.0.0.1:{port}", StringComparison.Ordinal)
            .Replace("@UPSTREAMS@\n", upstreams, StringComparison.Ordinal);
        var file = Path.Combine(folder.FullName, "nginx.conf");
        await File.WriteAllTextAsync(file, config);

        var process = Process.Start(new ProcessStartInfo(Executable)
        {
            ArgumentList = { "-c", file, "-p", folder.FullName, "-g", "daemon off;" },
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var proxy = new NginxProxy(process, folder, port);
        await Poll.UntilAsync(async () =>
        {
            if (process.HasExited) throw new InvalidOperationException($"nginx exited: {await process.StandardError.ReadToEndAsync()}");
            return await AcceptsAsync(port);
        }, TimeSpan.FromSeconds(15), () => "nginx did not start listening");
        return proxy;
    }

    /// <summary>A <c>coverage_node</c> cookie value that nginx sends to <paramref name="node"/>.</summary>
    public async Task<string> KeyForAsync(Uri node)
    {
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = BaseAddress };
        for (var k = 0; k < 500; k++)
        {
            var key = "k" + k.ToString(System.Globalization.CultureInfo.InvariantCulture);
            using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz");
            request.Headers.Add("Cookie", "coverage_node=" + key);
            using var response = await client.SendAsync(request);
            if (NodeOf(response) == $"127.0.0.1:{node.Port}") return key;
        }
        throw new InvalidOperationException($"No key among 500 reaches node {node}.");
    }

    /// <summary>Until nginx sends <paramref name="key"/> to the node on <paramref name="port"/> and that node answers ready (after a
    /// restart: its passive check has forgotten the failure).</summary>
    public async Task WaitRoutedAsync(string key, int port, TimeSpan timeout)
    {
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = BaseAddress };
        await Poll.UntilAsync(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz/ready");
            request.Headers.Add("Cookie", "coverage_node=" + key);
            using var response = await client.SendAsync(request);
            return response.IsSuccessStatusCode && NodeOf(response) == $"127.0.0.1:{port}";
        }, timeout, () => $"nginx never sent {key} to the node on {port} again");
    }

    /// <summary>The node that answered, as nginx reports it (<c>X-Coverage-Node</c>).</summary>
    public static string? NodeOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Coverage-Node", out var values) ? values.Last().Split(", ")[^1] : null;

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        _folder.Delete(recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var socket = new TcpClient();
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
