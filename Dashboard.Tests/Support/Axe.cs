using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace Coverage.Dashboard.Tests.Support;

/// <summary>
/// axe-core (npm devDependency of Dashboard/package.json, installed by scripts/ensure-frontend.sh) run in the page. The
/// script goes in through Playwright's evaluate (the DevTools protocol), which the page's Content-Security-Policy does not
/// govern, so the app's CSP stays as it is and no test context bypasses it.
/// </summary>
public static class Axe
{
    /// <summary>The WCAG 2.1 A and AA rules (issue 16).</summary>
    public static readonly string[] Tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    private static readonly Lazy<string> Source = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "Dashboard", "node_modules", "axe-core", "axe.min.js");
            if (File.Exists(path)) return File.ReadAllText(path);
        }
        throw new InvalidOperationException("axe-core is not installed: run 'bash scripts/ensure-frontend.sh' (npm ci in Dashboard/).");
    });

    /// <summary>Runs axe on the page as it is now; returns one readable line block per violation (empty: none).</summary>
    public static async Task<IReadOnlyList<string>> ViolationsAsync(IPage page)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
            await page.EvaluateAsync(Source.Value + "\n;undefined");
        var json = await page.EvaluateAsync<string>(
            "async tags => JSON.stringify((await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })).violations"
            + ".map(v => ({ id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, nodes: v.nodes.map(n => ({ target: n.target.join(' '), html: n.html, summary: n.failureSummary })) })))",
            Tags);
        using var doc = JsonDocument.Parse(json);
        var lines = new List<string>();
        foreach (var v in doc.RootElement.EnumerateArray())
        {
            var text = new StringBuilder();
            text.Append(v.GetProperty("id").GetString()).Append(" (").Append(v.GetProperty("impact").GetString()).Append("): ")
                .Append(v.GetProperty("help").GetString()).Append(" — ").Append(v.GetProperty("helpUrl").GetString());
            foreach (var n in v.GetProperty("nodes").EnumerateArray().Take(8))
            {
                var html = n.GetProperty("html").GetString() ?? "";
                text.Append("\n    ").Append(n.GetProperty("target").GetString()).Append("  ").Append(html.Length > 200 ? html[..200] + "…" : html)
                    .Append("\n      ").Append((n.GetProperty("summary").GetString() ?? "").Replace("\n", " "));
            }
            lines.Add(text.ToString());
        }
        return lines;
    }

    /// <summary>Fails with every violation (rule, element, help link) when there is any.</summary>
    public static async Task AssertNoViolationsAsync(IPage page, string what)
    {
        var violations = await ViolationsAsync(page);
        Assert.True(violations.Count == 0, $"axe (WCAG 2.1 A/AA) on {what}: {violations.Count} violation(s)\n" + string.Join("\n", violations));
    }
}
