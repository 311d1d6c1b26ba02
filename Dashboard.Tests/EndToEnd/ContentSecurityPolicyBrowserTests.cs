using Microsoft.Playwright;

namespace Coverage.Dashboard.Tests.EndToEnd;

/// <summary>
/// The pages run under their Content-Security-Policy with nothing refused: no <c>securitypolicyviolation</c> event, no
/// console error, no failed request — the import map, Blazor's circuit over its WebSocket, MudBlazor, Leaflet and the
/// map's GeoJSON all allowed.
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class ContentSecurityPolicyBrowserTests(PostgisFixture postgis) : DashboardAppTest(postgis)
{
    // Installed before any page script: every violation the browser reports, kept on window for the test to read.
    private const string RecordViolations = """
        window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', e =>
            window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`));
        """;

    [Fact]
    public async Task The_pages_run_under_the_policy_with_no_violation_and_no_console_error()
    {
        // The sign-in page, before anyone is signed in.
        await AssertCleanAsync(await App.NewPageAsync(role: null), "/account/login", "[data-testid=login-submit]");
        foreach (var path in new[] { "/", "/map?prefecture=5134", "/wall", "/map?culture=en", "/brief?prefecture=5134" })
            await AssertCleanAsync(await App.NewPageAsync(), path, "[data-testid=coverage-map][data-painted]");
    }

    private async Task AssertCleanAsync(IPage page, string path, string ready)
    {
        var problems = new List<string>();
        page.Console += (_, m) => { if (m.Type is "error" or "warning") problems.Add($"console {m.Type}: {m.Text}"); };
        page.PageError += (_, e) => problems.Add($"page error: {e}");
        page.RequestFailed += (_, r) => problems.Add($"request failed: {r.Url} {r.Failure}");
        page.Response += (_, r) => { if (r.Status >= 400) problems.Add($"{r.Status} {r.Url}"); };
        await page.AddInitScriptAsync(RecordViolations);
        var sockets = new List<string>();
        page.WebSocket += (_, s) => sockets.Add(s.Url);

        var response = await page.GotoAsync(Url(path));
        await Assertions.Expect(page.Locator(ready)).ToHaveCountAsync(1);
        // Every request the page makes has been answered (scripts, styles, images, the map's GeoJSON) before reading the record.
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var violations = await page.EvaluateAsync<string[]>("() => window.__cspViolations");

        Assert.NotNull(await response!.HeaderValueAsync("content-security-policy"));
        Assert.True(violations.Length == 0, $"{path}: {string.Join("\n", violations)}");
        Assert.True(problems.Count == 0, $"{path}: {string.Join("\n", problems)}");
        if (path != "/account/login") Assert.Contains(sockets, u => u.Contains("/_blazor", StringComparison.Ordinal));
        await page.Context.CloseAsync();
    }
}
