using System.Net;
using System.Net.Sockets;

namespace Coverage.Bench.Live;

/// <summary>
/// A loopback TCP forwarder that can simulate a network cut: while cut, bytes stop flowing both ways on every
/// connection and new connections hang (as with dropped packets, no reset); when restored, the stalled
/// connections are dropped and new ones flow again.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _open = [];
    private readonly Lock _gate = new();
    private TaskCompletionSource _restored = Completed();

    public TcpProxy(int targetPort)
    {
        _target = targetPort;
        _listener.Start();
        _ = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public bool IsCut => !_restored.Task.IsCompleted;

    public void Cut()
    {
        lock (_gate) if (!IsCut) _restored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void Restore()
    {
        List<TcpClient> stalled;
        lock (_gate)
        {
            stalled = [.. _open];
            _open.Clear();
            _restored.TrySetResult();
        }
        foreach (var c in stalled) c.Dispose();
    }

    private static TaskCompletionSource Completed()
    {
        var t = new TaskCompletionSource();
        t.SetResult();
        return t;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (OperationCanceledException) { return; }
            _ = HandleAsync(client);
        }
    }

    private async Task HandleAsync(TcpClient client)
    {
        lock (_gate) _open.Add(client);
        try
        {
            await _restored.Task.WaitAsync(_stop.Token); // a connection opened during a cut hangs until the cut ends
            if (!client.Connected) return;
            using var upstream = new TcpClient();
            await upstream.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
            lock (_gate) _open.Add(upstream);
            var a = PumpAsync(client.GetStream(), upstream.GetStream());
            var b = PumpAsync(upstream.GetStream(), client.GetStream());
            await Task.WhenAny(a, b);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // connection ended
        }
        finally
        {
            client.Dispose();
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to)
    {
        var buffer = new byte[16384];
        while (true)
        {
            var n = await from.ReadAsync(buffer, _stop.Token);
            if (n == 0) return;
            // During a cut nothing gets through: hold the bytes until the connection is dropped at restore.
            await _restored.Task.WaitAsync(_stop.Token);
            await to.WriteAsync(buffer.AsMemory(0, n), _stop.Token);
        }
    }

    public ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        Restore();
        return ValueTask.CompletedTask;
    }
}
