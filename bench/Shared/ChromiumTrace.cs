using System.Text.Json;
using Microsoft.Playwright;

namespace Coverage.Bench;

/// <summary>
/// A Chromium performance trace of one page through the DevTools protocol (Playwright for .NET has no tracing of its own for
/// Chromium's timeline): written as a JSON trace that DevTools' Performance panel opens. A developer aid of the paint and
/// pixel benches.
/// </summary>
sealed class ChromiumTrace
{
    private readonly ICDPSession _session;
    private readonly List<JsonElement> _events = [];
    private readonly TaskCompletionSource _complete = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChromiumTrace(ICDPSession session)
    {
        _session = session;
        session.Event("Tracing.dataCollected").OnEvent += (_, e) =>
        {
            if (e?.TryGetProperty("value", out var value) == true)
                foreach (var item in value.EnumerateArray()) _events.Add(item.Clone());
        };
        session.Event("Tracing.tracingComplete").OnEvent += (_, _) => _complete.TrySetResult();
    }

    /// <summary>Starts tracing <paramref name="page"/>; <paramref name="sampleJs"/> adds V8's sampling profiler (its overhead slows the page).</summary>
    public static async Task<ChromiumTrace> StartAsync(IPage page, bool sampleJs = true)
    {
        string[] categories =
        [
            "devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute", "blink.user_timing", "loading",
            "disabled-by-default-devtools.timeline.frame",
        ];
        if (sampleJs) categories = [.. categories, "disabled-by-default-v8.cpu_profiler"];
        var trace = new ChromiumTrace(await page.Context.NewCDPSessionAsync(page));
        await trace._session.SendAsync("Tracing.start", new Dictionary<string, object>
        {
            ["transferMode"] = "ReportEvents",
            ["traceConfig"] = new Dictionary<string, object>
            {
                ["includedCategories"] = categories,
            },
        });
        return trace;
    }

    public async Task StopAsync(string path)
    {
        await _session.SendAsync("Tracing.end");
        await _complete.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(new { traceEvents = _events }));
        Console.WriteLine($"trace written to {path} ({_events.Count} events)");
    }
}
