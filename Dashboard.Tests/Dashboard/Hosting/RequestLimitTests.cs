using System.Net;
using System.Net.WebSockets;
using System.Text.Json.Nodes;

namespace Coverage.Dashboard.Tests.Dashboard.Hosting;

/// <summary>
/// The rate and connection limits, set low through settings (the defaults are far above what pages and tests use). The
/// tests share one app: each uses its own partition (user or IP, and kind of limit).
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class RequestLimitTests(RequestLimitTests.LimitedApp fixture) : IClassFixture<RequestLimitTests.LimitedApp>
{
    private const int ApiLimit = 5;
    private const int SignInLimit = 3;
    private const int ConnectionLimit = 2;

    private readonly DashboardApp _app = fixture.App;

    public sealed class LimitedApp(PostgisFixture postgis) : IAsyncLifetime
    {
        public DashboardApp App { get; private set; } = null!;

        public async Task InitializeAsync() => App = await DashboardApp.StartAsync(postgis, new Dictionary<string, string?>
        {
            ["Limits:ApiRequestsPerWindow"] = Invariant(ApiLimit),
            ["Limits:ApiWindowSeconds"] = "300",
            ["Limits:SignInAttemptsPerWindow"] = Invariant(SignInLimit),
            ["Limits:HubConnectionsPerUser"] = Invariant(ConnectionLimit),
            ["Limits:CircuitsPerUser"] = Invariant(ConnectionLimit),
        }, browser: false);

        public async Task DisposeAsync() => await App.DisposeAsync();

        private static string Invariant(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task The_API_answers_429_with_Retry_After_once_a_user_has_used_the_window_and_other_users_are_unaffected()
    {
        using var viewer = _app.CreateClient(Role.Viewer);
        for (var i = 0; i < ApiLimit; i++)
        {
            using var ok = await viewer.GetAsync("/api/summary");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var refused = await viewer.GetAsync("/api/summary");
        using var otherUser = await _app.CreateClient(Role.ProvinceAdmin).GetAsync("/api/summary");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 300);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(429, (int)JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["status"]!);
        Assert.True(refused.Headers.Contains("Content-Security-Policy"));
        Assert.Equal(HttpStatusCode.OK, otherUser.StatusCode);
    }

    [Fact]
    public async Task Anonymous_API_callers_are_limited_per_IP()
    {
        using var anonymous = _app.CreateAnonymousClient();
        for (var i = 0; i < ApiLimit; i++)
        {
            using var unauthorized = await anonymous.GetAsync("/api/summary");
            Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        }

        using var refused = await anonymous.GetAsync("/api/summary");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Sign_in_posts_beyond_the_limit_answer_429_with_Retry_After_and_a_page()
    {
        using var client = _app.CreateAnonymousClient();
        for (var i = 0; i < SignInLimit; i++)
        {
            using var attempt = await client.PostAsync("/account/login", SignInForm());
            Assert.NotEqual(HttpStatusCode.TooManyRequests, attempt.StatusCode);
        }

        using var refused = await client.PostAsync("/account/login", SignInForm());
        using var form = await client.GetAsync("/account/login"); // reading the form is not limited

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
        Assert.Equal("text/html", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("data-testid=\"too-many-sign-ins\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
    }

    [Theory]
    [InlineData("/hubs/coverage")]
    [InlineData("/_blazor")]
    public async Task Live_connections_beyond_the_per_user_limit_are_refused_with_429_until_one_closes(string path)
    {
        var open = new List<ClientWebSocket>();
        try
        {
            for (var i = 0; i < ConnectionLimit; i++)
            {
                var socket = Socket();
                await socket.ConnectAsync(Url(path), CancellationToken.None);
                open.Add(socket);
            }

            using var refused = Socket();
            await Assert.ThrowsAsync<WebSocketException>(() => refused.ConnectAsync(Url(path), CancellationToken.None));
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.HttpStatusCode);
            Assert.True(refused.HttpResponseHeaders?.ContainsKey("Retry-After"), "a refused connection says when to retry");

            // Another user has their own allowance.
            using var otherUser = Socket(Role.ProvinceAdmin);
            await otherUser.ConnectAsync(Url(path), CancellationToken.None);
            Assert.Equal(WebSocketState.Open, otherUser.State);

            // Closing one frees its slot.
            await open[0].CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            open[0].Dispose();
            open.RemoveAt(0);
            await WaitForSlotAsync(path);
        }
        finally
        {
            foreach (var socket in open) socket.Dispose();
        }
    }

    private async Task WaitForSlotAsync(string path)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            using var socket = Socket();
            try
            {
                await socket.ConnectAsync(Url(path), CancellationToken.None);
                return;
            }
            catch (WebSocketException) when (socket.HttpStatusCode == HttpStatusCode.TooManyRequests && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    private ClientWebSocket Socket(Role role = Role.Viewer)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Authorization", "Bearer " + _app.Tokens[role]);
        return socket;
    }

    private Uri Url(string path) => new UriBuilder(new Uri(_app.BaseAddress, path)) { Scheme = "ws" }.Uri;

    private static FormUrlEncodedContent SignInForm() => new(new Dictionary<string, string>
    {
        ["_handler"] = "login",
        ["Input.Email"] = TestUsers.AdminEmail,
        ["Input.Password"] = "not the password",
    });
}
