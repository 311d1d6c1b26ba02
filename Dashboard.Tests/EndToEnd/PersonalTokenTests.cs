using System.Net;
using System.Text.Json.Nodes;

namespace Coverage.Dashboard.Tests.EndToEnd;

/// <summary>
/// A personal access token as an integration uses it: with the official SignalR .NET client (<c>accessTokenFactory</c>)
/// and over HTTP; once revoked or expired it is refused with 401 and a problem saying so.
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class PersonalTokenTests(PostgisFixture postgis) : DashboardAppTest(postgis)
{
    private IAccessTokens Tokens => App.Services.GetRequiredService<IAccessTokens>();

    private async Task<string> ViewerIdAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<IUserAccounts>().FindAsync(TestUsers.Email(Role.Viewer)))!.Id;
    }

    [Fact]
    public async Task A_token_receives_changes_over_the_hub_and_is_refused_once_revoked()
    {
        var userId = await ViewerIdAsync();
        var token = await Tokens.CreateAsync(userId, "integration", null, "tests", null);

        await using (var client = await HubClient.ConnectAsync(App.BaseAddress, token.Secret))
        {
            await App.Database.ExecuteAsync("UPDATE stations SET status = 'operating', operating_since = '2024-11-01' WHERE id = 3");
            await client.WaitForCountAsync(1, TimeSpan.FromSeconds(20));
            Assert.Equal(3, Assert.Single(client.Received).StationId);
        }

        Assert.True(await Tokens.RevokeAsync(token.Row.Id, userId, "tests", null));

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => HubClient.ConnectAsync(App.BaseAddress, token.Secret));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        await AssertRefusedAsync(token.Secret);
    }

    [Fact]
    public async Task An_expired_token_is_refused_over_http_and_the_hub()
    {
        var token = await Tokens.CreateAsync(await ViewerIdAsync(), "short-lived", 1, "tests", null);
        using (var client = App.CreateAnonymousClient().WithToken(token.Secret))
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/summary")).StatusCode);

        // The app's clock cannot be moved, so the token's expiry is: it ran out a minute ago.
        await App.Database.ExecuteAsync($"UPDATE access_tokens SET expires_at = now() - interval '1 minute' WHERE id = {token.Row.Id}");

        // A change made behind the app's back (like another node's) reaches it within the token cache's lifetime.
        using (var client = App.CreateAnonymousClient().WithToken(token.Secret))
            await Eventually.StatusAsync(client, "/api/summary", HttpStatusCode.Unauthorized);
        await AssertRefusedAsync(token.Secret);
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => HubClient.ConnectAsync(App.BaseAddress, token.Secret));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    private async Task AssertRefusedAsync(string secret)
    {
        using var client = App.CreateAnonymousClient().WithToken(secret);
        using var response = await client.GetAsync("/api/summary");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(401, (int)problem["status"]!);
        Assert.Contains("expired or revoked", (string)problem["detail"]!, StringComparison.Ordinal);
    }
}
