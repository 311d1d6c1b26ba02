using System.Collections.Concurrent;
using System.Diagnostics;
using Coverage.Dashboard.Endpoints;
using Coverage.Dashboard.Hubs;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;

namespace Coverage.Dashboard.Hosting;

/// <summary>Settings of the graceful drain on SIGTERM (<c>Drain:</c> in configuration).</summary>
public sealed class DrainOptions
{
    /// <summary>
    /// The most a stopping node waits for its screens and hub clients to move to other nodes and its in-flight writes to
    /// finish before it exits anyway. 0: no drain, the node stops at once (as if killed; its screens recover as after a crash).
    /// </summary>
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>How long hub clients told to move have to close their connections before the node closes them.</summary>
    public int HubGraceSeconds { get; set; } = 2;
}

/// <summary>
/// Graceful drain. When the host stops (SIGTERM, or <c>StopAsync</c>) and before the server stops listening, the node
/// <list type="number">
/// <item>turns not-ready: <c>/healthz</c> and <c>/healthz/ready</c> answer 503 <c>"node":"draining"</c>, and
/// <see cref="NodeDrainMiddleware"/> refuses new circuits, hub connections and page loads with 503, which nginx retries on
/// another node (<c>proxy_next_upstream http_503</c>) and counts as a failure (passive check);</item>
/// <item>tells every open circuit to move (the browser keeps the map's picture, waits until the load balancer reaches a ready
/// node and reloads there: <c>reconnect.js</c>, <c>coverageMove</c>) and every hub client (<see cref="ICoverageClient.Move"/>,
/// after what it was owed; it reconnects and catches up by event id);</item>
/// <item>waits until no circuit or hub connection is left and no write is in flight, or <see cref="DrainOptions.TimeoutSeconds"/>
/// have passed; then the host stops the server, which finishes requests still running.</item>
/// </list>
/// API requests keep being served until the end, so a write that reaches a draining node succeeds.
/// </summary>
public sealed partial class NodeDrain(IOptions<DrainOptions> options, HubOutboxes hubs, ILogger<NodeDrain> logger) : IHostedLifecycleService
{
    private readonly ConcurrentDictionary<DrainCircuitHandler, byte> _circuits = new();
    private int _draining;
    private long _writes;

    /// <summary>True from the moment the node starts to drain: it is no longer ready.</summary>
    public bool IsDraining => Volatile.Read(ref _draining) == 1;

    /// <summary>Circuits of this node with a browser connected now.</summary>
    public int ConnectedCircuits => _circuits.Keys.Count(c => c.Connected);

    /// <summary>Writes (API and form posts) running now.</summary>
    public long WritesInFlight => Interlocked.Read(ref _writes);

    internal void Add(DrainCircuitHandler circuit) => _circuits.TryAdd(circuit, 0);

    internal void Remove(DrainCircuitHandler circuit) => _circuits.TryRemove(circuit, out _);

    internal void WriteStarted() => Interlocked.Increment(ref _writes);

    internal void WriteEnded() => Interlocked.Decrement(ref _writes);

    private readonly Lock _gate = new();
    private Task? _drain;

    /// <summary>The host stopping (tests, <c>StopAsync</c>): drains first, unless SIGTERM already did.</summary>
    public Task StoppingAsync(CancellationToken cancellationToken) => DrainAsync(cancellationToken);

    /// <summary>Drains (see the type), once: a second call returns the first drain.</summary>
    public Task DrainAsync(CancellationToken cancellationToken)
    {
        lock (_gate) return _drain ??= RunDrainAsync(cancellationToken);
    }

    private async Task RunDrainAsync(CancellationToken cancellationToken)
    {
        Volatile.Write(ref _draining, 1);
        var timeout = TimeSpan.FromSeconds(Math.Max(0, options.Value.TimeoutSeconds));
        if (timeout == TimeSpan.Zero) return;
        var clock = Stopwatch.StartNew();
        var circuits = _circuits.Keys.Where(c => c.Connected).ToList();
        LogDraining(logger, circuits.Count, hubs.Count, WritesInFlight);
        hubs.MoveAll();
        await Task.WhenAll(circuits.Select(c => c.MoveAsync()));

        var hubGrace = TimeSpan.FromSeconds(options.Value.HubGraceSeconds);
        var aborted = false;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            while (ConnectedCircuits > 0 || hubs.Count > 0 || WritesInFlight > 0)
            {
                if (!aborted && clock.Elapsed >= hubGrace && hubs.Count > 0)
                {
                    hubs.AbortAll();
                    aborted = true;
                }
                await Task.Delay(50, limit.Token);
            }
            LogDrained(logger, clock.Elapsed.TotalSeconds);
        }
        catch (OperationCanceledException)
        {
            LogDrainTimedOut(logger, clock.Elapsed.TotalSeconds, ConnectedCircuits, hubs.Count, WritesInFlight);
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Draining: not ready; moving {Circuits} circuits and {HubConnections} hub connections to other nodes, {Writes} writes in flight.")]
    private static partial void LogDraining(ILogger logger, int circuits, int hubConnections, long writes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Drained in {Seconds:F1} s: no screen, hub client or write left; stopping.")]
    private static partial void LogDrained(ILogger logger, double seconds);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Drain timed out after {Seconds:F1} s with {Circuits} circuits, {HubConnections} hub connections and {Writes} writes left; stopping anyway.")]
    private static partial void LogDrainTimedOut(ILogger logger, double seconds, int circuits, int hubConnections, long writes);
}

/// <summary>
/// The host's lifetime in place of the console one: SIGTERM drains the node (<see cref="NodeDrain"/>) and then stops the host.
/// ASP.NET Core closes every SignalR connection — circuits and hub clients — as soon as the application starts stopping, so
/// the drain has to run before that, while they can still be told to move. SIGINT (Ctrl+C) and SIGQUIT stop at once, as before.
/// </summary>
internal sealed partial class DrainingLifetime(IHostApplicationLifetime lifetime, NodeDrain drain, ILogger<DrainingLifetime> logger)
    : IHostLifetime, IDisposable
{
    private readonly List<System.Runtime.InteropServices.PosixSignalRegistration> _signals = [];

    public Task WaitForStartAsync(CancellationToken cancellationToken)
    {
        _signals.Add(System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            LogTerm(logger);
            _ = Task.Run(async () =>
            {
                try
                {
                    await drain.DrainAsync(CancellationToken.None);
                }
                finally
                {
                    lifetime.StopApplication();
                }
            });
        }));
        foreach (var signal in new[] { System.Runtime.InteropServices.PosixSignal.SIGINT, System.Runtime.InteropServices.PosixSignal.SIGQUIT })
            _signals.Add(System.Runtime.InteropServices.PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                lifetime.StopApplication();
            }));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        foreach (var signal in _signals) signal.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SIGTERM: draining before stopping.")]
    private static partial void LogTerm(ILogger logger);
}

/// <summary>One per circuit: registers it with <see cref="NodeDrain"/>, which can tell its browser to move.</summary>
internal sealed partial class DrainCircuitHandler(NodeDrain drain, IJSRuntime js, ILogger<DrainCircuitHandler> logger) : CircuitHandler
{
    private volatile bool _connected;

    public bool Connected => _connected;

    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        drain.Add(this);
        return Task.CompletedTask;
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        _connected = true;
        return Task.CompletedTask;
    }

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        _connected = false;
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        _connected = false;
        drain.Remove(this);
        return Task.CompletedTask;
    }

    /// <summary>Tells the browser to move to another node (<c>coverageMove</c> in <c>reconnect.js</c>).</summary>
    public async Task MoveAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await js.InvokeVoidAsync("coverageMove", timeout.Token);
        }
        catch (Exception e) when (e is JSException or JSDisconnectedException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // The browser is gone or did not answer: it reconnects (and reloads) as after any lost connection.
            LogMoveFailed(logger, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telling a circuit to move failed (it reconnects as after any loss): {Reason}")]
    private static partial void LogMoveFailed(ILogger logger, string reason);
}

/// <summary>
/// While the node drains: refuses what would start something long-lived here — a circuit, a hub connection, a page load
/// (which starts a circuit) — with 503 and <c>Retry-After</c>, so the load balancer sends it to another node. Everything else
/// (API reads and writes, static files, health) is served. Counts writes in flight, which the drain waits for.
/// </summary>
public sealed class NodeDrainMiddleware(RequestDelegate next, NodeDrain drain)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (drain.IsDraining && StartsSomethingLong(request))
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "1";
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync("This node is shutting down; try again.");
            return;
        }
        if (!IsWrite(request))
        {
            await next(context);
            return;
        }
        drain.WriteStarted();
        try
        {
            await next(context);
        }
        finally
        {
            drain.WriteEnded();
        }
    }

    private static bool StartsSomethingLong(HttpRequest request)
    {
        var path = request.Path;
        if (path.StartsWithSegments(HealthEndpoints.Path)) return false;
        if (path.StartsWithSegments("/_blazor") || path.StartsWithSegments(CoverageHub.Path))
            return path.Value!.EndsWith("/negotiate", StringComparison.Ordinal) || HttpMethods.IsGet(request.Method);
        return HttpMethods.IsGet(request.Method) && request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.Ordinal) == true);
    }

    private static bool IsWrite(HttpRequest request) =>
        !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
        && !request.Path.StartsWithSegments("/_blazor") && !request.Path.StartsWithSegments("/hubs");
}

public static class NodeDrainHosting
{
    public static WebApplicationBuilder AddNodeDrain(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<DrainOptions>(builder.Configuration.GetSection("Drain"));
        builder.Services.AddSingleton<NodeDrain>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<NodeDrain>());
        builder.Services.AddScoped<CircuitHandler, DrainCircuitHandler>();
        builder.Services.AddSingleton<IHostLifetime, DrainingLifetime>();
        // The host's own shutdown timeout covers the drain and then the server finishing its requests.
        var drainSeconds = builder.Configuration.GetValue("Drain:TimeoutSeconds", new DrainOptions().TimeoutSeconds);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(Math.Max(0, drainSeconds) + 10));
        return builder;
    }

    /// <summary>Early in the pipeline: a draining node refuses new long-lived work before anything else runs.</summary>
    public static WebApplication UseNodeDrain(this WebApplication app)
    {
        app.UseMiddleware<NodeDrainMiddleware>();
        return app;
    }
}
