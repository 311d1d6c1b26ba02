using Coverage.Domain.Reports;
using Microsoft.Playwright;

namespace Coverage.Dashboard.Tests.EndToEnd.Accessibility;

/// <summary>
/// One app for an accessibility test class, with one signed-in browser context per (role, language) reused by its tests.
/// The language comes from the culture cookie, as the 中文/EN switch sets it.
/// </summary>
public sealed class A11yApp(PostgisFixture postgis) : IAsyncLifetime
{
    private readonly Dictionary<(Role?, string), IBrowserContext> _contexts = [];
    private bool _pendingReport;

    public DashboardApp App { get; private set; } = null!;

    public string Url(string path) => new Uri(App.BaseAddress, path).ToString();

    public async Task InitializeAsync() => App = await DashboardApp.StartAsync(postgis, new Dictionary<string, string?>
    {
        ["Limits:SignInAttemptsPerWindow"] = "200",
    });

    /// <summary>A new page in the shared context of <paramref name="role"/> (null: not signed in) in <paramref name="culture"/>.</summary>
    public async Task<IPage> PageAsync(Role? role, string culture = "zh-CN", int width = 1600, int height = 1000)
    {
        if (!_contexts.TryGetValue((role, culture), out var context))
        {
            context = await App.NewContextAsync(width, height, role);
            await context.AddCookiesAsync([new Cookie
            {
                Name = ".AspNetCore.Culture", Value = $"c={culture}|uic={culture}", Url = App.BaseAddress.ToString(),
            }]);
            _contexts[(role, culture)] = context;
        }
        var page = await context.NewPageAsync();
        TrackRequests(page);
        await page.SetViewportSizeAsync(width, height);
        return page;
    }

    /// <summary>Opens <paramref name="path"/> and waits until it is live: the circuit answers, maps painted, charts drawn.</summary>
    public async Task GotoLiveAsync(IPage page, string path)
    {
        await page.GotoAsync(Url(path));
        await WaitLiveAsync(page);
    }

    /// <summary>Until the page on screen is live (its circuit has taken over the prerendered page, its map painted).</summary>
    public static async Task WaitLiveAsync(IPage page)
    {
        await NetworkIdleAsync(page);
        if (await page.Locator("[data-testid=coverage-map]").CountAsync() > 0)
            await Assertions.Expect(page.Locator("[data-testid=coverage-map][data-painted]").First).ToBeAttachedAsync(new() { Timeout = 30_000 });
        await NetworkIdleAsync(page);
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IPage, RequestLog> Requests = [];

    /// <summary>Keeps the requests of <paramref name="page"/>, so a wait for the network that times out says which never ended.</summary>
    private static void TrackRequests(IPage page)
    {
        var log = Requests.GetValue(page, _ => new RequestLog());
        page.Request += (_, request) => log.Started(request);
        page.RequestFinished += (_, request) => log.Ended(request, "finished");
        page.RequestFailed += (_, request) => log.Ended(request, "failed: " + request.Failure);
        page.WebSocket += (_, socket) =>
        {
            log.Note($"websocket opened {socket.Url}");
            socket.Close += (_, _) => log.Note($"websocket closed {socket.Url}");
        };
    }

    private static async Task NetworkIdleAsync(IPage page)
    {
        try
        {
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        }
        catch (TimeoutException e) when (Requests.TryGetValue(page, out var log))
        {
            throw new TimeoutException($"{e.Message}\n{page.Url} never went quiet on the network. Its requests:\n{log}", e);
        }
    }

    /// <summary>A page's requests in order: when each started, and whether and how it ended.</summary>
    private sealed class RequestLog
    {
        private readonly Lock _gate = new();
        private readonly List<string> _lines = [];
        private readonly Dictionary<IRequest, int> _open = [];
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

        public void Started(IRequest request)
        {
            lock (_gate)
            {
                _open[request] = _lines.Count;
                _lines.Add($"{_clock.ElapsedMilliseconds,6} ms {request.Method} {request.Url} (open)");
            }
        }

        public void Ended(IRequest request, string how)
        {
            lock (_gate)
            {
                if (_open.Remove(request, out var line)) _lines[line] = _lines[line].Replace("(open)", $"({how} at {_clock.ElapsedMilliseconds} ms)");
            }
        }

        public void Note(string what)
        {
            lock (_gate) _lines.Add($"{_clock.ElapsedMilliseconds,6} ms {what}");
        }

        public override string ToString()
        {
            lock (_gate) return string.Join('\n', _lines.TakeLast(60));
        }
    }

    /// <summary>A county report on station 5 (安宁镇) waiting for its prefecture, once per app: the inbox's decide state.</summary>
    public async Task EnsurePendingReportAsync()
    {
        if (_pendingReport) return;
        await using var scope = App.Services.CreateAsyncScope();
        var draft = new ReportDraft(StationStatus.Operating, DateOnly.FromDateTime(DateTime.UtcNow), 4, 1,
            StationServices.Needs | StationServices.Assistance, "西昌市民政服务中心", "无障碍检查");
        var result = await scope.ServiceProvider.GetRequiredService<IStationReports>().SubmitAsync(TestUsers.ActorOf(Role.CountyStaff), 5, draft, null, "127.0.0.1");
        Assert.True(result.Succeeded, $"{result.Outcome}: {result.Error}");
        _pendingReport = true;
    }

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts.Values) await context.DisposeAsync();
        await App.DisposeAsync();
    }
}
