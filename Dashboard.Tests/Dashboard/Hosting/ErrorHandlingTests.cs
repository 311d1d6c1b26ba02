using System.Net;
using System.Text.Json.Nodes;
using Coverage.Infrastructure.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Coverage.Dashboard.Tests.Dashboard.Hosting;

/// <summary>An unhandled exception answers 500: the error page for pages, problem details under /api. Production settings.</summary>
public sealed class ErrorHandlingTests : IAsyncLifetime
{
    // A W3C trace context sent with the request, so the request id the page shows can be checked.
    private const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string TraceParent = $"00-{TraceId}-00f067aa0ba902b7-01";
    private const string Secret = "the secret inner workings";

    private readonly OfflineDashboardFactory _factory = new(new DatabaseStatus(), s => s.AddTransient<IStartupFilter, ThrowingEndpoints>());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Theory]
    [InlineData("/boom", "出错了", "请求编号")]
    [InlineData("/boom?culture=en", "Something went wrong", "Request ID")]
    public async Task An_unhandled_exception_answers_500_with_the_error_page(string path, string heading, string requestId)
    {
        using var client = _factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("traceparent", TraceParent);
        request.Headers.Accept.ParseAdd("text/html");

        using var response = await client.SendAsync(request);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()); // Blazor writes 出错了 as &#x51FA;…

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Matches($"<h1 id=\"page-title\"[^>]*>{heading}</h1>", html);
        Assert.Contains(requestId, html, StringComparison.Ordinal);
        Assert.Matches($"<code data-testid=\"request-id\">00-{TraceId}-[0-9a-f]{{16}}-0[01]</code>", html);
        Assert.DoesNotContain(Secret, html, StringComparison.Ordinal);
        Assert.DoesNotContain("\"type\":\"server\"", html, StringComparison.Ordinal); // rendered statically: no circuit
        // The security headers survive the exception handler, and the error page's import map is allowed by its hash.
        Assert.Contains("script-src 'self' 'sha256-", string.Join(",", response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
    }

    [Fact]
    public async Task An_unhandled_exception_under_api_answers_500_with_problem_details()
    {
        using var client = _factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/boom");
        request.Headers.Add("traceparent", TraceParent);
        request.Headers.Accept.ParseAdd("text/html"); // even a browser gets JSON from the API

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(body)!;
        Assert.Equal(500, (int)problem["status"]!);
        Assert.Contains(TraceId, (string)problem["traceId"]!, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, body, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
    }

    /// <summary>Runs after the app's own pipeline: requests no endpoint took reach it, and it throws for its two paths.</summary>
    private sealed class ThrowingEndpoints : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use((context, nextMiddleware) => context.Request.Path == "/boom" || context.Request.Path == "/api/boom"
                ? throw new InvalidOperationException(Secret)
                : nextMiddleware(context));
        };
    }
}
