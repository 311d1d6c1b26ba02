using System.Net;
using Coverage.Infrastructure.Data;

namespace Coverage.Dashboard.Tests.Dashboard.Endpoints;

/// <summary>/healthz is anonymous: it says what is down, never why in the exception's words (that goes to the log).</summary>
public sealed class HealthEndpointTests
{
    private const string Secret = "password authentication failed for user \"coverage\" at db-internal.example:5432";

    [Theory]
    [InlineData(DatabaseState.Starting, "migrating")]
    [InlineData(DatabaseState.Unreachable, "unreachable")]
    [InlineData(DatabaseState.Failed, "failed")]
    [InlineData(DatabaseState.Ready, "unreachable")] // ready once, but SELECT 1 finds no database now
    public async Task Healthz_answers_503_saying_what_is_down_without_internals(DatabaseState state, string database)
    {
        var status = new DatabaseStatus();
        status.Set(state, Secret);
        await using var factory = new OfflineDashboardFactory(status);
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($$"""{"status":"unhealthy","database":"{{database}}"}""", await response.Content.ReadAsStringAsync());
    }
}
