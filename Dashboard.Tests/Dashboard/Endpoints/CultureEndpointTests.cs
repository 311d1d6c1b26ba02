using System.Net;
using Coverage.Dashboard.Tests.Support;
using Coverage.Infrastructure.Data;

namespace Coverage.Dashboard.Tests.Dashboard.Endpoints;

/// <summary>The language switch's endpoint: sets the culture cookie and returns to the page, never to another site.</summary>
public sealed class CultureEndpointTests : IAsyncLifetime
{
    private readonly OfflineDashboardFactory _factory = new(new DatabaseStatus());
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _client = _factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    private Task<HttpResponseMessage> SetAsync(string culture, string redirectUri) =>
        _client.GetAsync($"/culture/set?culture={Uri.EscapeDataString(culture)}&redirectUri={Uri.EscapeDataString(redirectUri)}");

    private static string? CultureCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? Assert.Single(cookies, c => c.StartsWith(".AspNetCore.Culture=", StringComparison.Ordinal))
            : null;

    [Theory]
    [InlineData("en", "/map?prefecture=5134&status=planned", "/map?prefecture=5134&status=planned", "c%3Den%7Cuic%3Den")]
    [InlineData("zh-CN", "/", "/", "c%3Dzh-CN%7Cuic%3Dzh-CN")]
    [InlineData("EN", "/map?culture=zh-CN&prefecture=5101&ui-culture=zh-CN#table", "/map?prefecture=5101#table", "c%3Den%7Cuic%3Den")]
    [InlineData("en", "/wall?culture=zh-CN", "/wall", "c%3Den%7Cuic%3Den")]
    public async Task Setting_the_culture_remembers_it_and_returns_to_the_page(string culture, string redirectUri, string location, string cookie)
    {
        using var response = await SetAsync(culture, redirectUri);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(location, response.Headers.Location?.OriginalString);
        Assert.StartsWith($".AspNetCore.Culture={cookie};", CultureCookie(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_page_it_returns_to_the_overview()
    {
        using var response = await _client.GetAsync("/culture/set?culture=en");

        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("fr", "/map", "culture")]
    [InlineData("en", "https://evil.example/", "redirectUri")]
    [InlineData("en", "//evil.example/map", "redirectUri")]
    [InlineData("en", "/\\evil.example/map", "redirectUri")]
    [InlineData("en", "/\t/evil.example", "redirectUri")]
    [InlineData("en", "javascript:alert(1)", "redirectUri")]
    [InlineData("en", "map", "redirectUri")]
    public async Task An_unknown_culture_or_a_page_elsewhere_is_refused(string culture, string redirectUri, string parameter)
    {
        using var response = await SetAsync(culture, redirectUri);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"\"{parameter}\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(response.Headers.Location);
        Assert.Null(CultureCookie(response));
    }

    [Fact]
    public async Task A_culture_query_parameter_on_a_page_still_switches_and_is_remembered()
    {
        // The one page that draws without a database behind it.
        using var response = await _client.GetAsync("/error?culture=en");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<html lang=\"en\">", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.StartsWith(".AspNetCore.Culture=c%3Den%7Cuic%3Den;", CultureCookie(response), StringComparison.Ordinal);
    }
}
