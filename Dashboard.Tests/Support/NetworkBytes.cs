using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace Coverage.Dashboard.Tests.Support;

/// <summary>
/// What one Chromium page transfers, from the DevTools protocol's Network domain: each request's
/// <c>encodedDataLength</c> at <c>Network.loadingFinished</c> (bytes on the wire: headers and the body as sent, compressed
/// when it was), whether the browser's cache answered it, and the WebSocket frames' payloads in each direction (the
/// circuit's and the hub's traffic; ASP.NET Core sends them uncompressed). Shared by the browser tests and the bench.
/// </summary>
public sealed class NetworkBytes
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Request> _requests = [];
    private readonly List<Request> _finished = [];
    private long _webSocketReceived, _webSocketSent;

    private NetworkBytes() { }

    /// <summary>One request as the browser saw it. <c>Bytes</c> is 0 when the browser's cache answered it.</summary>
    public sealed record Request(string Url, string Type)
    {
        public int Status { get; internal set; }
        public bool FromCache { get; internal set; }
        public long Bytes { get; internal set; }

        /// <summary>A script, style sheet, font or image: what the static-asset rules cover.</summary>
        public bool IsStatic => Type is "Script" or "Stylesheet" or "Font" or "Image";
    }

    /// <summary>Starts counting everything <paramref name="page"/> transfers from now on (cache kept on).</summary>
    public static async Task<NetworkBytes> AttachAsync(IPage page)
    {
        var bytes = new NetworkBytes();
        var session = await page.Context.NewCDPSessionAsync(page);
        session.Event("Network.requestWillBeSent").OnEvent += (_, e) => bytes.OnRequest(e);
        session.Event("Network.responseReceived").OnEvent += (_, e) => bytes.OnResponse(e);
        session.Event("Network.requestServedFromCache").OnEvent += (_, e) => bytes.With(e, r => r.FromCache = true);
        session.Event("Network.loadingFinished").OnEvent += (_, e) => bytes.OnFinished(e);
        session.Event("Network.webSocketFrameReceived").OnEvent += (_, e) => bytes.OnFrame(e, received: true);
        session.Event("Network.webSocketFrameSent").OnEvent += (_, e) => bytes.OnFrame(e, received: false);
        await session.SendAsync("Network.enable");
        return bytes;
    }

    /// <summary>The requests finished so far (in order).</summary>
    public IReadOnlyList<Request> Finished
    {
        get { lock (_gate) return [.. _finished]; }
    }

    /// <summary>Requests started but not finished yet.</summary>
    public int Pending
    {
        get { lock (_gate) return _requests.Count; }
    }

    public long HttpBytes => Finished.Sum(r => r.Bytes);
    public long StaticBytes => Finished.Where(r => r.IsStatic).Sum(r => r.Bytes);

    public long WebSocketReceived
    {
        get { lock (_gate) return _webSocketReceived; }
    }

    public long WebSocketSent
    {
        get { lock (_gate) return _webSocketSent; }
    }

    /// <summary>Forgets everything counted so far (e.g. between a cold load and a warm reload).</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _requests.Clear();
            _finished.Clear();
            _webSocketReceived = _webSocketSent = 0;
        }
    }

    /// <summary>Waits until no request has been pending for <paramref name="quiet"/> (the page's loads are done).</summary>
    public async Task WaitForQuietAsync(TimeSpan quiet, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var quietSince = DateTime.UtcNow;
        var seen = -1;
        while (DateTime.UtcNow < deadline)
        {
            int count;
            lock (_gate) count = _requests.Count == 0 ? _finished.Count : -2;
            if (count != seen || count == -2) (seen, quietSince) = (count, DateTime.UtcNow);
            else if (DateTime.UtcNow - quietSince >= quiet) return;
            await Task.Delay(50);
        }
    }

    private void OnRequest(JsonElement? e)
    {
        if (e is not { } args) return;
        var id = args.GetProperty("requestId").GetString()!;
        var url = args.GetProperty("request").GetProperty("url").GetString()!;
        var type = args.TryGetProperty("type", out var t) ? t.GetString() ?? "" : "";
        lock (_gate) _requests[id] = new Request(url, type);
    }

    private void OnResponse(JsonElement? e)
    {
        if (e is not { } args) return;
        var response = args.GetProperty("response");
        With(e, r =>
        {
            r.Status = response.GetProperty("status").GetInt32();
            if (response.TryGetProperty("fromDiskCache", out var disk) && disk.GetBoolean()) r.FromCache = true;
        });
    }

    private void OnFinished(JsonElement? e)
    {
        if (e is not { } args) return;
        var id = args.GetProperty("requestId").GetString()!;
        lock (_gate)
        {
            if (!_requests.Remove(id, out var request)) return;
            request.Bytes = request.FromCache ? 0 : (long)args.GetProperty("encodedDataLength").GetDouble();
            _finished.Add(request);
        }
    }

    private void OnFrame(JsonElement? e, bool received)
    {
        if (e is not { } args) return;
        var response = args.GetProperty("response");
        var payload = response.GetProperty("payloadData").GetString() ?? "";
        // Text frames (opcode 1) carry their text; binary frames (2, Blazor's MessagePack) carry base64.
        long length = response.GetProperty("opcode").GetDouble() == 1 ? Encoding.UTF8.GetByteCount(payload) : payload.Length / 4 * 3 - payload.Count(c => c == '=');
        lock (_gate)
        {
            if (received) _webSocketReceived += length;
            else _webSocketSent += length;
        }
    }

    private void With(JsonElement? e, Action<Request> change)
    {
        if (e is not { } args) return;
        var id = args.GetProperty("requestId").GetString()!;
        lock (_gate)
        {
            if (_requests.TryGetValue(id, out var request)) change(request);
        }
    }
}
