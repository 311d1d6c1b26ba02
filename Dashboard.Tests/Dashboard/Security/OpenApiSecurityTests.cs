using System.Net;
using System.Text.Json.Nodes;
using Coverage.Dashboard.Tests.Dashboard.Endpoints;

namespace Coverage.Dashboard.Tests.Dashboard.Security;

/// <summary>The OpenAPI document says how to sign in: a cookie scheme and a bearer scheme, required by the API's operations.</summary>
[Collection(PostgisCollection.Name)]
public sealed class OpenApiSecurityTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private async Task<JsonNode> DocumentAsync()
    {
        using var client = api.App.CreateClient(Role.Viewer);
        using var response = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    [Fact]
    public async Task The_document_describes_the_session_cookie_and_bearer_token_schemes()
    {
        var schemes = (await DocumentAsync())["components"]!["securitySchemes"]!;

        var session = schemes["session"]!;
        Assert.Equal(("apiKey", "cookie", ".Coverage.Session"), ((string)session["type"]!, (string)session["in"]!, (string)session["name"]!));
        var bearer = schemes["bearer"]!;
        Assert.Equal(("http", "bearer"), ((string)bearer["type"]!, (string)bearer["scheme"]!));
    }

    [Fact]
    public async Task Reads_take_either_scheme_and_the_writes_take_the_bearer_token_only()
    {
        var paths = (await DocumentAsync())["paths"]!;

        Assert.Equal(["bearer", "session"], Schemes(paths["/api/summary"]!["get"]!));
        Assert.Equal(["bearer", "session"], Schemes(paths["/api/stations/{id}"]!["get"]!));
        Assert.Equal(["bearer"], Schemes(paths["/api/stations/{id}/status"]!["post"]!));
        Assert.Equal(["bearer"], Schemes(paths["/api/stations/{id}/reports"]!["post"]!));
        Assert.Equal(["bearer"], Schemes(paths["/api/townships/{code}/proposals"]!["post"]!));
        Assert.Equal(["bearer"], Schemes(paths["/api/reports/{id}/confirm"]!["post"]!));
        Assert.Equal(["bearer"], Schemes(paths["/api/reports/{id}/return"]!["post"]!));
        Assert.Equal(["bearer", "session"], Schemes(paths["/api/reports"]!["get"]!));
        Assert.Equal(["bearer", "session"], Schemes(paths["/api/stations/{id}/history"]!["get"]!));
        Assert.Null(paths["/healthz"]?["get"]?["security"]); // anonymous
    }

    [Fact]
    public async Task The_document_itself_needs_a_sign_in()
    {
        using var client = api.App.CreateAnonymousClient();
        using var response = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    /// <summary>The scheme each alternative requirement names (each must name exactly one).</summary>
    private static string[] Schemes(JsonNode operation) =>
        operation["security"]!.AsArray().Select(r => Assert.Single(r!.AsObject()).Key).Order(StringComparer.Ordinal).ToArray();
}
