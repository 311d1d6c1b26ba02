using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Coverage.Dashboard.Tests.Dashboard.Security;

/// <summary>
/// Recording a station change through the API: inside the caller's scope it is written with its audit row and reaches hub
/// clients through the change feed; outside it is refused with a problem naming the scope, audited, nothing written; a
/// browser's session cookie cannot write at all (no CSRF).
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class StationWriteTests(PostgisFixture postgis) : DashboardAppTest(postgis)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static string Today => DateTime.Now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private IAuditLog Audit => App.Services.GetRequiredService<IAuditLog>();

    [Fact]
    public async Task A_write_outside_the_callers_scope_is_refused_naming_the_scope_audited_and_nothing_is_written()
    {
        var events = await App.Database.ScalarAsync<long>("SELECT count(*) FROM station_events");
        using var client = App.CreateClient(Role.PrefectureStaff); // scope 5134

        // Station 1 (锦官驿街道) lies in 成都 (5101).
        using var response = await client.PostAsJsonAsync("/api/stations/1/status", new { status = "suspended", effectiveOn = Today });

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!;
        Assert.Equal("5134", (string)problem["scope"]!);
        Assert.Contains("5134", (string)problem["detail"]!, StringComparison.Ordinal);

        Assert.Equal("operating", await App.Database.ScalarAsync<string>("SELECT status FROM stations WHERE id = 1"));
        Assert.Null(await App.Database.ScalarAsync<DateTime?>("SELECT suspended_on::timestamp FROM stations WHERE id = 1"));
        Assert.Equal(events, await App.Database.ScalarAsync<long>("SELECT count(*) FROM station_events"));
        var denied = Assert.Single((await Audit.QueryAsync(new AuditQuery(Action: AuditAction.WriteDenied), 0, 10)).Entries);
        Assert.Equal(TestUsers.Email(Role.PrefectureStaff), denied.Actor);
        Assert.False(string.IsNullOrEmpty(denied.Ip));
        Assert.StartsWith("station:1 ", denied.Target, StringComparison.Ordinal);
        Assert.Contains("outside the scope 5134", denied.Detail, StringComparison.Ordinal);
        Assert.Empty((await Audit.QueryAsync(new AuditQuery(Action: AuditAction.StationChanged), 0, 10)).Entries);
    }

    [Fact]
    public async Task A_display_token_cannot_write_and_the_attempt_is_audited()
    {
        var display = await App.Services.GetRequiredService<IDisplayLinks>().CreateAsync("lobby", "5134", null, "tests", null);
        using var client = App.CreateAnonymousClient().WithToken(display.Secret);

        using var response = await client.PostAsJsonAsync("/api/stations/5/status", new { status = "operating", effectiveOn = Today });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("suspended", await App.Database.ScalarAsync<string>("SELECT status FROM stations WHERE id = 5"));
        var denied = Assert.Single((await Audit.QueryAsync(new AuditQuery(Action: AuditAction.WriteDenied), 0, 10)).Entries);
        Assert.Equal("display:lobby", denied.Actor);
        Assert.Contains("read-only", denied.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_change_in_scope_is_written_with_its_audit_row_and_reaches_hub_clients()
    {
        await using var hub = await HubClient.ConnectAsync(App, Role.Viewer);
        using var client = App.CreateClient(Role.PrefectureStaff); // scope 5134

        // Station 5 (安宁镇, 5134) is suspended after going live: it resumes operating.
        using var response = await client.PostAsJsonAsync("/api/stations/5/status", new { status = "operating", effectiveOn = Today });

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("operating", (string)JsonNode.Parse(text)!["status"]!);
        Assert.Equal("operating", await App.Database.ScalarAsync<string>("SELECT status FROM stations WHERE id = 5"));
        var changed = Assert.Single((await Audit.QueryAsync(new AuditQuery(Action: AuditAction.StationChanged), 0, 10)).Entries);
        Assert.Equal(TestUsers.Email(Role.PrefectureStaff), changed.Actor);
        Assert.StartsWith("station:5 ", changed.Target, StringComparison.Ordinal);
        // A direct change is a report recorded and confirmed at once: the audit row names it.
        Assert.Matches($"^recorded directly, report \\d+: suspended → operating on {Today}, ", changed.Detail);
        Assert.Equal(TestUsers.Email(Role.PrefectureStaff), await App.Database.ScalarAsync<string>("SELECT actor FROM station_events WHERE station_id = 5 ORDER BY id DESC LIMIT 1"));

        await hub.WaitForCountAsync(1, Patience);
        var message = Assert.Single(hub.Received);
        Assert.Equal((5, StationStatus.Operating), (message.StationId, message.Status));
        var feed = App.Services.GetRequiredService<ICoverageFeed>();
        Assert.Equal(StationStatus.Operating, feed.Current.ByCode["513401100000"].Station!.Status);
    }

    [Fact]
    public async Task A_signed_in_browsers_session_cookie_reads_but_cannot_write()
    {
        // The province admin may write anywhere with a token; with the session cookie alone (all a cross-site request could
        // carry) the write is not signed in.
        await using var context = await App.NewContextAsync(role: Role.ProvinceAdmin);

        var read = await context.APIRequest.GetAsync(Url("/api/summary"));
        var write = await context.APIRequest.PostAsync(Url("/api/stations/5/status"), new()
        {
            DataObject = new { status = "operating", effectiveOn = Today },
            MaxRedirects = 0,
        });

        Assert.Equal(200, read.Status);
        Assert.Equal(401, write.Status);
        Assert.Contains("Bearer", (string)JsonNode.Parse(await write.TextAsync())!["detail"]!, StringComparison.Ordinal);
        Assert.Equal("suspended", await App.Database.ScalarAsync<string>("SELECT status FROM stations WHERE id = 5"));
    }
}
