using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Coverage.Bench.Live;

/// <summary>
/// A headless Blazor Server circuit (the idea of ASP.NET Core's old "Ignitor" test client): opens a real interactive circuit of a
/// page exactly as blazor.web.js (.NET 10) does, with no browser. GET the page with the session cookie, read its prerendered
/// server component markers and persisted state; connect to <c>/_blazor</c> over WebSockets in the "blazorpack" protocol;
/// <c>StartCircuit(baseUri, uri, "[]", "")</c>, then <c>UpdateRootComponents({"batchId":1,"operations":[{"type":"add",…}]}, state)</c>.
/// Every render batch is acknowledged (<c>OnRenderCompleted</c>) and counted; JS interop calls are answered as a page whose
/// scripts do nothing would: <c>import</c> with a fresh JS object reference, everything else with null. The server holds the
/// same circuit it holds for a browser; what differs is only what the browser would call back on its own (a deferred panel
/// scrolled into view, a map click), which an idle page does not do anyway (or does once: see <see cref="RevealDeferred"/>).
/// </summary>
public sealed partial class LightCircuit : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly bool _revealDeferred;
    private IReadOnlyList<string> _deferredNames = [];
    private long _batches, _bytes, _lastBatchTicks, _nextJsObjectId, _nextDotNetCallId;

    /// <summary>What the light circuits of this process were asked through JS interop: "identifier (result type)" → count.</summary>
    public static ConcurrentDictionary<string, int> JsCalls { get; } = new();

    /// <summary>The characters of JSON arguments those calls carried (e.g. the map's restyle), by call.</summary>
    public static ConcurrentDictionary<string, long> JsArgumentChars { get; } = new();

    /// <summary>
    /// A browser at 1280×720 draws the deferred panels that come within half a window of its view once the page is live (the
    /// IntersectionObserver of <c>DeferredSection.razor.js</c> calls <c>ShowAsync(names)</c>). A light circuit has no layout: with this
    /// on, it calls <c>ShowAsync</c> once with every deferred section the prerendered page names, as the page starts observing (the whole
    /// page drawn: more than a browser holds);
    /// off (the default), none (less).
    /// </summary>
    public static bool RevealDeferred { get; set; }

    private LightCircuit(HubConnection connection, bool revealDeferred)
    {
        _connection = connection;
        _revealDeferred = revealDeferred;
    }

    /// <summary>Completes once the server has sent the first render batch of the added root components; faults on <c>JS.Error</c>.</summary>
    public Task Started => _started.Task;

    public long Batches => Interlocked.Read(ref _batches);

    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>When the last render batch arrived (ms since the Unix epoch, <see cref="PixelBench.NowMs"/>), or 0.</summary>
    public double LastBatchMs => BitConverter.Int64BitsToDouble(Interlocked.Read(ref _lastBatchTicks));

    public IReadOnlyCollection<string> Errors => _errors;

    /// <summary>How many prerendered server components the page had (each added as a root component).</summary>
    public int Markers { get; private set; }

    public bool Connected => _connection.State == HubConnectionState.Connected;

    /// <summary>Opens an interactive circuit of <paramref name="path"/> signed in with <paramref name="cookies"/> (<see cref="BenchUser.SignInAsync(Uri)"/>); returns once the
    /// circuit has rendered (<see cref="Started"/>), or throws.</summary>
    public static async Task<LightCircuit> OpenAsync(Uri baseAddress, CookieContainer cookies, string path = "/", TimeSpan? timeout = null)
    {
        var pageUri = new Uri(baseAddress, path);
        string html;
        using (var http = NewHttp(baseAddress, cookies))
        {
            using var page = await http.GetAsync(pageUri);
            if (page.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"GET {path} answered {(int)page.StatusCode} (not signed in?).");
            html = await page.Content.ReadAsStringAsync();
        }
        // The prerendered interactive components (blazor.web.js: discoverComponents) and the persisted state, if any.
        var markers = ServerMarker().Matches(html).Select(m => JsonNode.Parse(m.Groups[1].Value)!.AsObject()).ToList();
        if (markers.Count == 0) throw new InvalidOperationException($"GET {path}: no interactive server component markers in the page.");
        var state = PersistedState().Match(html) is { Success: true } s ? s.Groups[1].Value : "";

        LightCircuit? circuit = null;
        var connection = Build(baseAddress, cookies, message => circuit?.Fail(message));
        circuit = new LightCircuit(connection, RevealDeferred) { Markers = markers.Count };
        // The page's deferred sections, by name, as the prerendered page names them (a browser's observer reports each by it).
        circuit._deferredNames = DeferredName().Matches(html).Select(m => m.Groups[1].Value).Distinct().ToList();
        circuit.Register();
        try
        {
            await connection.StartAsync();
            var circuitId = await connection.InvokeAsync<string?>("StartCircuit", baseAddress.ToString(), pageUri.ToString(), "[]", "");
            if (string.IsNullOrEmpty(circuitId)) throw new InvalidOperationException("StartCircuit answered no circuit id (the server refused the circuit).");
            // WebRootComponentManager.refreshRootComponents: one "add" per discovered server component, ssrComponentId from 1; the marker
            // is the comment's JSON plus the descriptor's uniqueId (blazor.web.js: descriptorToMarker), in document order.
            var operations = new JsonArray();
            for (var i = 0; i < markers.Count; i++)
            {
                markers[i]["uniqueId"] = i;
                operations.Add(new JsonObject { ["type"] = "add", ["ssrComponentId"] = i + 1, ["marker"] = markers[i] });
            }
            await connection.SendAsync("UpdateRootComponents", new JsonObject { ["batchId"] = 1, ["operations"] = operations }.ToJsonString(), state);
            await circuit.Started.WaitAsync(timeout ?? TimeSpan.FromSeconds(60));
            return circuit;
        }
        catch
        {
            await circuit.DisposeAsync();
            throw;
        }
    }

    private static HubConnection Build(Uri baseAddress, CookieContainer cookies, Action<string> fail)
    {
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, "/_blazor"), HttpTransportType.WebSockets, o =>
            {
                o.Cookies = cookies;
                o.HttpMessageHandlerFactory = inner => new CloseAfterResponse { InnerHandler = inner };
            });
        builder.Services.AddSingleton<IHubProtocol>(new BlazorPack());
        builder.Services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning).AddProvider(new ErrorLog(fail)));
        return builder.Build();
    }

    /// <summary>
    /// Asks the server to close the negotiate request's connection once it has answered. A browser sends it on a connection
    /// its page already shares (and Kestrel closes an idle one after its keep-alive timeout); behind nginx, as in production,
    /// a node holds no browser's HTTP connection at all. Kept open, it would add one idle HTTP connection per light circuit
    /// that no deployed circuit costs a node; the WebSocket, which every circuit holds, is unaffected.
    /// </summary>
    private sealed class CloseAfterResponse : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.ConnectionClose = true;
            return base.SendAsync(request, cancellationToken);
        }
    }

    private static HttpClient NewHttp(Uri baseAddress, CookieContainer cookies) =>
        new(new SocketsHttpHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = baseAddress };

    /// <summary>What blazor.web.js's CircuitManager.startConnection registers, answered as a page with no work to do.</summary>
    private void Register()
    {
        _connection.On<long, byte[]>("JS.RenderBatch", async (batchId, data) =>
        {
            Interlocked.Increment(ref _batches);
            Interlocked.Add(ref _bytes, data.Length);
            Interlocked.Exchange(ref _lastBatchTicks, BitConverter.DoubleToInt64Bits(PixelBench.NowMs()));
            await _connection.SendAsync("OnRenderCompleted", batchId, null);
            _started.TrySetResult();
        });
        // .NET 10: (taskId, identifier, argsJson, resultType, targetInstanceId, callType); Microsoft.JSInterop.js beginInvokeJSFromDotNet.
        _connection.On<long, string, string?, int, long, int>("JS.BeginInvokeJS", (taskId, identifier, argsJson, resultType, _, _) => AnswerJsAsync(taskId, identifier, argsJson, resultType));
        _connection.On<string, bool, string>("JS.EndInvokeDotNet", (_, success, result) =>
        {
            if (!success) Fail($"a .NET call from the light client failed: {result}");
        });
        _connection.On<long>("JS.EndUpdateRootComponents", _ => { });
        _connection.On<string>("JS.Error", error => Fail($"JS.Error (the circuit died): {error}"));
        _connection.On<int, string>("JS.AttachComponent", (_, _) => { });
        _connection.On<int, byte[]>("JS.ReceiveByteArray", (_, _) => { });
        _connection.On<string, string, string>("JS.SavePersistedState", (_, _, _) => { });
        _connection.On<long>("JS.BeginTransmitStream", _ => { });
        _connection.On<int, bool>("JS.EndLocationChanging", (_, _) => { });
        _connection.Closed += error =>
        {
            if (!_disposed) Fail($"the circuit's connection closed: {error?.Message ?? "by the server"}");
            return Task.CompletedTask;
        };
    }

    private async Task AnswerJsAsync(long taskId, string identifier, string? argsJson, int resultType)
    {
        var call = $"{identifier} ({(resultType switch { 1 => "object reference", 3 => "void", _ => "value" })})";
        JsCalls.AddOrUpdate(call, 1, (_, n) => n + 1);
        JsArgumentChars.AddOrUpdate(call, argsJson?.Length ?? 0, (_, n) => n + (argsJson?.Length ?? 0));
        // JSCallResultType: 0 a value, 1 a JS object reference, 2 a stream reference, 3 void.
        var result = resultType == 1 ? $"{{\"__jsObjectId\":{Interlocked.Increment(ref _nextJsObjectId)}}}"
            : Values.GetValueOrDefault(identifier, "null");
        if (taskId != 0) await _connection.SendAsync("EndInvokeJSFromDotNet", taskId, true, $"[{taskId},true,{result}]");
        // DeferredSection.razor.js observe(container, panels): a browser calls panels.ShowAsync(names) with the sections that came near the view.
        if (_revealDeferred && identifier == "observe" && argsJson is not null
            && JsonNode.Parse(argsJson) is JsonArray { Count: 2 } args && args[1]?["__dotNetObject"] is JsonValue target)
        {
            // All at once, as an observer reports the sections that came into reach together.
            var names = new JsonArray([.. _deferredNames.Select(n => (JsonNode?)JsonValue.Create(n))]);
            await _connection.SendAsync("BeginInvokeDotNetFromJS", Interlocked.Increment(ref _nextDotNetCallId).ToString(System.Globalization.CultureInfo.InvariantCulture),
                null, "ShowAsync", target.GetValue<long>(), new JsonArray(names).ToJsonString());
        }
    }

    /// <summary>Calls whose result a browser's page would give as a value (the rest get null): one popover provider (MudBlazor),
    /// no reduced motion (the overview's <c>prefersReducedMotion</c>, the wall module's <c>start</c>).</summary>
    private static readonly Dictionary<string, string> Values = new()
    {
        ["mudpopoverHelper.countProviders"] = "1",
        ["prefersReducedMotion"] = "false",
        ["start"] = "false",
    };

    private void Fail(string message)
    {
        _errors.Enqueue(message);
        Console.Error.WriteLine($"  light circuit: {message}");
        _started.TrySetException(new InvalidOperationException(message));
    }

    private bool _disposed;

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await _connection.DisposeAsync();
    }

    [GeneratedRegex("<!--Blazor:(\\{\"type\":\"server\".*?\\})-->", RegexOptions.Singleline)]
    private static partial Regex ServerMarker();

    [GeneratedRegex("data-deferred=\"([a-z0-9-]+)\"")]
    private static partial Regex DeferredName();

    [GeneratedRegex("<!--Blazor-Server-Component-State:([a-zA-Z0-9+/=]+)-->")]
    private static partial Regex PersistedState();

    /// <summary>Blazor's hub protocol: SignalR's MessagePack protocol under the name the circuit hub asks for.</summary>
    private sealed class BlazorPack : IHubProtocol
    {
        private readonly MessagePackHubProtocol _inner = new(Options.Create(new MessagePackHubProtocolOptions()));

        public string Name => "blazorpack";
        public int Version => 1;
        public TransferFormat TransferFormat => TransferFormat.Binary;
        public bool IsVersionSupported(int version) => version == Version;

        public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out HubMessage? message) =>
            _inner.TryParseMessage(ref input, binder, out message);

        public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => _inner.WriteMessage(message, output);
        public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => _inner.GetMessageBytes(message);
    }

    /// <summary>The SignalR client's warnings and errors (e.g. a message it could not bind to a handler) count as the circuit's errors.</summary>
    private sealed class ErrorLog(Action<string> fail) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) fail($"SignalR {logLevel}: {formatter(state, exception)}{(exception is null ? "" : $" ({exception.Message})")}");
        }

        public void Dispose()
        {
        }
    }
}
