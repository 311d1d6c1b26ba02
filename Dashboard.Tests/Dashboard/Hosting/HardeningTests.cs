using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Coverage.Dashboard.Hubs;
using Coverage.Dashboard.Tests.Dashboard.Endpoints;
using Microsoft.AspNetCore.SignalR.Client;

namespace Coverage.Dashboard.Tests.Dashboard.Hosting;

/// <summary>
/// The hardened default on the real app (Kestrel, Production): security headers on every kind of response and no
/// <c>Server</c> header, HSTS and Secure cookies only over HTTPS (here: a trusted local proxy's <c>X-Forwarded-Proto</c>),
/// the live connections' <c>Origin</c> check, and the account forms' body cap.
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed partial class HardeningTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string Foreign = "http://evil.example";
    private DashboardApp App => api.App;

    [Theory]
    [InlineData("/", true, HttpStatusCode.OK)] // a page
    [InlineData("/map?prefecture=5134", true, HttpStatusCode.OK)]
    [InlineData("/api/summary", true, HttpStatusCode.OK)] // the API
    [InlineData("/app.css", false, HttpStatusCode.OK)] // a static file
    [InlineData("/healthz", false, HttpStatusCode.OK)]
    [InlineData("/account/login", false, HttpStatusCode.OK)]
    [InlineData("/api/summary", false, HttpStatusCode.Unauthorized)]
    [InlineData("/", false, HttpStatusCode.Found)] // to sign-in
    [InlineData("/api/stations/999999", true, HttpStatusCode.NotFound)]
    [InlineData("/no-such-page", true, HttpStatusCode.NotFound)]
    [InlineData("/openapi/v1.json", false, HttpStatusCode.Unauthorized)]
    public async Task Every_response_carries_the_security_headers_and_no_server_header(string path, bool signedIn, HttpStatusCode status)
    {
        using var client = signedIn ? App.CreateClient() : App.CreateAnonymousClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        AssertSecurityHeaders(response);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), "no HSTS over plain HTTP");
    }

    [Fact]
    public async Task A_refused_live_connection_and_a_bad_form_carry_the_headers_too()
    {
        using var client = App.CreateAnonymousClient();
        using var refused = new HttpRequestMessage(HttpMethod.Post, "/hubs/coverage/negotiate?negotiateVersion=1");
        refused.Headers.Add("Origin", Foreign);
        using var forbidden = await client.SendAsync(refused);
        using var badForm = await client.PostAsync("/account/login", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        AssertSecurityHeaders(forbidden);
        Assert.Equal(HttpStatusCode.BadRequest, badForm.StatusCode);
        AssertSecurityHeaders(badForm);
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        var csp = Header(response, "Content-Security-Policy");
        Assert.NotNull(csp);
        var directives = Directives(csp);
        Assert.Equal("'self'", directives["default-src"]);
        Assert.StartsWith("'self'", directives["script-src"], StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", directives["script-src"], StringComparison.Ordinal);
        Assert.StartsWith("'self'", directives["connect-src"], StringComparison.Ordinal);
        Assert.Equal("'none'", directives["frame-ancestors"]);
        Assert.Equal("'none'", directives["object-src"]);
        Assert.Equal("'self'", directives["base-uri"]);
        Assert.Equal("'self'", directives["form-action"]);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Header(response, "Referrer-Policy"));
        Assert.Contains("camera=()", Header(response, "Permissions-Policy"), StringComparison.Ordinal);
        Assert.Contains("geolocation=()", Header(response, "Permissions-Policy"), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Server"), $"Server: {Header(response, "Server")}");
    }

    [Fact]
    public async Task A_page_allows_its_own_import_map_by_hash_and_no_other_inline_script()
    {
        using var client = App.CreateClient();
        using var response = await client.GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();

        var importMap = ImportMapScript().Match(html);
        Assert.True(importMap.Success, "the page should render an import map");
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(importMap.Groups[1].Value)));
        Assert.Equal($"'self' 'sha256-{hash}'", Directives(Header(response, "Content-Security-Policy")!)["script-src"]);
    }

    [Fact]
    public async Task Behind_a_TLS_proxy_HSTS_is_sent_and_the_cookies_are_Secure()
    {
        // The test client is on loopback, a trusted proxy by default: its X-Forwarded-Proto counts.
        using var client = App.CreateAnonymousClient();
        using var form = await client.SendAsync(ViaTls(HttpMethod.Get, "/account/login"));
        var html = await form.Content.ReadAsStringAsync();
        var antiforgery = Assert.Single(Cookies(form), c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        using var post = ViaTls(HttpMethod.Post, "/account/login");
        post.Headers.Add("Cookie", antiforgery.Split(';')[0]);
        post.Content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(AntiforgeryField().Match(html).Groups[1].Value),
            ["_handler"] = "login",
            ["Input.Email"] = TestUsers.AdminEmail,
            ["Input.Password"] = TestUsers.Password,
        });
        using var signedIn = await client.SendAsync(post);

        Assert.Equal("max-age=31536000", Header(form, "Strict-Transport-Security"));
        Assert.Contains("upgrade-insecure-requests", Header(form, "Content-Security-Policy"), StringComparison.Ordinal);
        Assert.Contains("; secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Found, signedIn.StatusCode);
        var session = Assert.Single(Cookies(signedIn), c => c.StartsWith(".Coverage.Session=", StringComparison.Ordinal));
        Assert.Contains("; secure", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; httponly", session, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Over_plain_HTTP_there_is_no_HSTS_and_cookies_are_not_Secure()
    {
        using var client = App.CreateAnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        request.Headers.Host = "dashboard.example.org"; // not a host HSTS leaves out anyway (localhost, 127.0.0.1)
        using var response = await client.SendAsync(request);

        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
        Assert.DoesNotContain("upgrade-insecure-requests", Header(response, "Content-Security-Policy"), StringComparison.Ordinal);
        Assert.All(Cookies(response), c => Assert.DoesNotContain("; secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_hub_connection_from_a_foreign_origin_is_refused()
    {
        var connection = HubConnection(o => o.Headers["Origin"] = Foreign);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        await connection.DisposeAsync();
    }

    [Fact]
    public async Task A_hub_connection_without_an_origin_or_from_this_site_is_accepted()
    {
        var site = App.BaseAddress.GetLeftPart(UriPartial.Authority);
        await using var withoutOrigin = HubConnection(_ => { });
        await using var ownOrigin = HubConnection(o => o.Headers["Origin"] = site);

        await withoutOrigin.StartAsync();
        await ownOrigin.StartAsync();

        Assert.Equal(HubConnectionState.Connected, withoutOrigin.State);
        Assert.Equal(HubConnectionState.Connected, ownOrigin.State);
    }

    [Theory]
    [InlineData("/_blazor")]
    [InlineData("/hubs/coverage")]
    public async Task A_WebSocket_from_a_foreign_origin_is_refused_with_403(string path)
    {
        using var socket = Socket(Foreign);

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(WebSocketUrl(path), CancellationToken.None));

        Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
    }

    [Fact]
    public async Task A_circuit_WebSocket_from_this_site_opens()
    {
        using var socket = Socket(App.BaseAddress.GetLeftPart(UriPartial.Authority));

        await socket.ConnectAsync(WebSocketUrl("/_blazor"), CancellationToken.None);

        Assert.Equal(WebSocketState.Open, socket.State);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
    }

    [Fact]
    public async Task An_oversized_sign_in_form_answers_400_whether_or_not_it_declares_its_length()
    {
        using var client = App.CreateAnonymousClient();
        // Twice the 16 KB cap: the server refuses it and drains what is still coming, so the client reads the answer.
        var oversized = "Input.Email=" + new string('a', 32 * 1024);

        using var declared = await client.PostAsync("/account/login", new StringContent(oversized, Encoding.ASCII, "application/x-www-form-urlencoded"));
        using var chunked = await client.PostAsync("/account/login", new ChunkedContent(oversized, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.BadRequest, declared.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, chunked.StatusCode);
        Assert.Contains("larger than 16384 bytes", await declared.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("larger than 16384 bytes", await chunked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sign_in_form_sent_in_chunks_under_the_cap_signs_in()
    {
        using var client = App.CreateAnonymousClient();
        using var form = await client.GetAsync("/account/login");
        var antiforgery = Assert.Single(Cookies(form), c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(AntiforgeryField().Match(await form.Content.ReadAsStringAsync()).Groups[1].Value),
            ["_handler"] = "login",
            ["Input.Email"] = TestUsers.AdminEmail,
            ["Input.Password"] = TestUsers.Password,
        };
        using var post = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new ChunkedContent(await new FormUrlEncodedContent(fields).ReadAsStringAsync(), "application/x-www-form-urlencoded"),
        };
        post.Headers.Add("Cookie", antiforgery.Split(';')[0]);

        using var signedIn = await client.SendAsync(post);

        Assert.Equal(HttpStatusCode.Found, signedIn.StatusCode);
        Assert.Single(Cookies(signedIn), c => c.StartsWith(".Coverage.Session=", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("multipart/form-data", "garbage")]
    [InlineData("multipart/form-data; boundary=xyz", "--xyz\r\ngarbage")]
    [InlineData("application/x-www-form-urlencoded", "%ZZ=%&&==&Input.Email=%E4%")]
    [InlineData("application/json", "{\"Input.Email\":\"a\"}")]
    [InlineData("text/plain", "\0\0\0")]
    public async Task A_malformed_sign_in_post_answers_400(string contentType, string body)
    {
        using var client = App.CreateAnonymousClient();
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        using var response = await client.PostAsync("/account/login", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private HubConnection HubConnection(Action<Microsoft.AspNetCore.Http.Connections.Client.HttpConnectionOptions> configure) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(App.BaseAddress, CoverageHub.Path), o =>
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(App.Tokens[Role.Viewer]);
                configure(o);
            })
            .Build();

    private ClientWebSocket Socket(string origin)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Origin", origin);
        socket.Options.SetRequestHeader("Authorization", "Bearer " + App.Tokens[Role.Viewer]);
        return socket;
    }

    private Uri WebSocketUrl(string path) => new UriBuilder(new Uri(App.BaseAddress, path)) { Scheme = "ws" }.Uri;

    private static HttpRequestMessage ViaTls(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Host = "dashboard.example.org";
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        return request;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? string.Join(", ", values) : null;

    private static IEnumerable<string> Cookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];

    private static Dictionary<string, string> Directives(string csp) =>
        csp.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.Split(' ', 2))
            .ToDictionary(d => d[0], d => d.Length > 1 ? d[1] : "");

    [GeneratedRegex("<script type=\"importmap\"[^>]*>(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex ImportMapScript();

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    /// <summary>A body sent with <c>Transfer-Encoding: chunked</c>: no length for the server to check before reading.</summary>
    private sealed class ChunkedContent : HttpContent
    {
        private readonly byte[] _body;

        public ChunkedContent(string body, string contentType)
        {
            _body = Encoding.ASCII.GetBytes(body);
            Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (var offset = 0; offset < _body.Length; offset += 16 * 1024)
                await stream.WriteAsync(_body.AsMemory(offset, Math.Min(16 * 1024, _body.Length - offset)));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
