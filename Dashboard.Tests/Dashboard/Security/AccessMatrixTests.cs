using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Coverage.Dashboard.Tests.Dashboard.Security;

/// <summary>
/// Who reaches what, over HTTP and SignalR: every role's personal access token, a display token scoped to 5134 and an
/// anonymous caller, against a page, an API read, a write inside 5134 (station 5, 安宁镇) and one in 5101 (station 1,
/// 锦官驿街道), the hub, and an admin page. Pages are reached here with the bearer token (a browser would carry the cookie;
/// the rule is the same principal either way).
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class AccessMatrixTests(SecurityApiFixture fixture) : IClassFixture<SecurityApiFixture>
{
    private const string Anonymous = "anonymous";
    private const string Display = "display 5134";

    // Surfaces.
    private const string Page = "GET /";
    private const string ApiRead = "GET /api/summary";
    private const string WriteInside = "POST status, station in 5134";
    private const string WriteOutside = "POST status, station in 5101";
    private const string Hub = "hub + JoinPrefecture(5101)";
    private const string Admin = "GET /admin/users";

    // Outcomes: an HTTP status; "302 login" (redirect to the sign-in page); for the hub "joined", "refused" (HubException)
    // or "401" (the connection itself is refused).
    public static TheoryData<string, string, string> Matrix => new()
    {
        // caller            surface        expected
        { "provinceAdmin",   Page,          "200" },
        { "provinceAdmin",   ApiRead,       "200" },
        { "provinceAdmin",   WriteInside,   "200" },
        { "provinceAdmin",   WriteOutside,  "200" },
        { "provinceAdmin",   Hub,           "joined" },
        { "provinceAdmin",   Admin,         "200" },

        { "prefectureStaff", Page,          "200" },
        { "prefectureStaff", ApiRead,       "200" },
        { "prefectureStaff", WriteInside,   "200" },
        { "prefectureStaff", WriteOutside,  "403" },
        { "prefectureStaff", Hub,           "joined" },
        { "prefectureStaff", Admin,         "403" },

        { "countyStaff",     Page,          "200" },
        { "countyStaff",     ApiRead,       "200" },
        { "countyStaff",     WriteInside,   "403" },
        { "countyStaff",     WriteOutside,  "403" },
        { "countyStaff",     Hub,           "joined" },
        { "countyStaff",     Admin,         "403" },

        { "viewer",          Page,          "200" },
        { "viewer",          ApiRead,       "200" },
        { "viewer",          WriteInside,   "403" },
        { "viewer",          WriteOutside,  "403" },
        { "viewer",          Hub,           "joined" },
        { "viewer",          Admin,         "403" },

        { Display,           Page,          "403" },
        { Display,           ApiRead,       "200" },
        { Display,           WriteInside,   "403" },
        { Display,           WriteOutside,  "403" },
        { Display,           Hub,           "refused" },
        { Display,           Admin,         "403" },

        { Anonymous,         Page,          "302 login" },
        { Anonymous,         ApiRead,       "401" },
        { Anonymous,         WriteInside,   "401" },
        { Anonymous,         WriteOutside,  "401" },
        { Anonymous,         Hub,           "401" },
        { Anonymous,         Admin,         "302 login" },
    };

    private DashboardApp App => fixture.App;

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task A_caller_reaches_exactly_what_its_role_and_scope_allow(string caller, string surface, string expected)
    {
        var actual = surface switch
        {
            Hub => await JoinHubAsync(Token(caller)),
            _ => await SendAsync(caller, surface),
        };
        Assert.True(expected == actual, $"{caller} × {surface}: expected {expected}, got {actual}");
    }

    private string? Token(string caller) => caller switch
    {
        Anonymous => null,
        Display => fixture.DisplayToken,
        _ => App.Tokens[DomainIds.Parse<Role>(caller)],
    };

    private async Task<string> SendAsync(string caller, string surface)
    {
        using var client = Token(caller) is { } token ? App.CreateAnonymousClient().WithToken(token) : App.CreateAnonymousClient();
        using var response = surface switch
        {
            Page => await client.GetAsync("/"),
            ApiRead => await client.GetAsync("/api/summary"),
            WriteInside => await ToggleAsync(client, stationId: 5),
            WriteOutside => await ToggleAsync(client, stationId: 1),
            Admin => await client.GetAsync("/admin/users"),
            _ => throw new ArgumentOutOfRangeException(nameof(surface), surface, null),
        };
        var status = (int)response.StatusCode;
        if (status == 302 && response.Headers.Location is { } location)
            return new Uri(App.BaseAddress, location).AbsolutePath == "/account/login" ? "302 login" : $"302 {location}";
        return status.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A write that is valid whatever the station's state: an operating station is suspended, a suspended one resumes.</summary>
    private async Task<HttpResponseMessage> ToggleAsync(HttpClient client, int stationId)
    {
        var current = await App.Database.ScalarAsync<string>($"SELECT status FROM stations WHERE id = {stationId}");
        var next = current == "operating" ? "suspended" : "operating";
        return await client.PostAsJsonAsync($"/api/stations/{stationId}/status",
            new { status = next, effectiveOn = DateTime.Now.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) });
    }

    private async Task<string> JoinHubAsync(string? token)
    {
        HubClient client;
        try
        {
            client = token is null ? await HubClient.ConnectAnonymousAsync(App.BaseAddress) : await HubClient.ConnectAsync(App.BaseAddress, token);
        }
        catch (HttpRequestException e) when (e.StatusCode is { } status)
        {
            return ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        await using (client)
        {
            try
            {
                await client.Connection.InvokeAsync("JoinPrefecture", "5101");
                return "joined";
            }
            catch (HubException)
            {
                return "refused";
            }
        }
    }

    [Fact]
    public void Every_role_and_surface_is_in_the_matrix()
    {
        var rows = Matrix.Select(r => ((string)r[0], (string)r[1])).ToHashSet();
        string[] callers = [.. TestUsers.Roles.Select(r => DomainIds.Id(r)), Display, Anonymous];
        string[] surfaces = [Page, ApiRead, WriteInside, WriteOutside, Hub, Admin];
        Assert.Equal(callers.Length * surfaces.Length, rows.Count);
        Assert.All(callers.SelectMany(c => surfaces.Select(s => (c, s))), row => Assert.Contains(row, rows));
    }
}
