using System.Text.Json;
using Microsoft.Playwright;

namespace Coverage.Dashboard.Tests.Support.Rolling;

/// <summary>
/// Watches a wall from inside the browser, across its reloads: a script run on every page load of the context keeps, in the
/// context's localStorage, every clock tick's arrival (the longest gap between two), whether the page ever showed the stale or
/// connection-lost state, and for each load after the first (a move) the frames in which the wall was on screen with no map
/// (neither its own painted map nor the picture kept from the page before). Shared by the rolling-restart test and bench.
/// </summary>
public static class WallWatch
{
    private const string Key = "coverage-wall-watch";

    private const string Script = """
        (() => {
          const KEY = "coverage-wall-watch";
          const read = () => JSON.parse(localStorage.getItem(KEY) || '{"loads":0,"lastTick":0,"lastTickAt":0,"longestGap":0,"stale":0,"down":0,"blankFrames":0,"picture":0,"mapAfterMoveMs":[]}');
          const w = read();
          w.loads++;
          const moved = w.loads > 1;
          let painted = false, sawPicture = false;
          localStorage.setItem(KEY, JSON.stringify(w));
          const frame = () => {
            const s = read();
            const now = Date.now();
            const tick = Number(document.querySelector("[data-server-tick]")?.dataset.serverTick ?? 0);
            if (tick && tick !== s.lastTick) {
              if (s.lastTickAt) s.longestGap = Math.max(s.longestGap, now - s.lastTickAt);
              s.lastTick = tick;
              s.lastTickAt = now;
            }
            const wall = document.querySelector(".wall");
            if (wall?.classList.contains("wall-stale")) s.stale++;
            if (document.documentElement.classList.contains("connection-down")) s.down++;
            if (moved && !painted) {
              const map = document.querySelector("[data-testid=coverage-map][data-painted]");
              const picture = document.getElementById("map-move-picture");
              if (picture && !sawPicture) { sawPicture = true; s.picture++; }
              if (map) { painted = true; s.mapAfterMoveMs.push(Math.round(performance.now())); }
              else if (wall && !picture) s.blankFrames++;
            }
            localStorage.setItem(KEY, JSON.stringify(s));
            requestAnimationFrame(frame);
          };
          requestAnimationFrame(frame);
        })();
        """;

    /// <summary>What one wall went through.</summary>
    public sealed record Report(int Loads, long LongestGap, int Stale, int Down, int BlankFrames, int Picture, long[] MapAfterMoveMs)
    {
        /// <summary>Moves (reloads onto another node) the wall went through.</summary>
        public int Moves => Loads - 1;
    }

    /// <summary>Installs the watch on every page the context loads from now on.</summary>
    public static Task InstallAsync(IBrowserContext context) => context.AddInitScriptAsync(Script);

    public static async Task<Report> ReadAsync(IPage page)
    {
        var json = await page.EvaluateAsync<string>($"() => localStorage.getItem('{Key}')");
        using var document = JsonDocument.Parse(json);
        var r = document.RootElement;
        return new Report(r.GetProperty("loads").GetInt32(), r.GetProperty("longestGap").GetInt64(), r.GetProperty("stale").GetInt32(),
            r.GetProperty("down").GetInt32(), r.GetProperty("blankFrames").GetInt32(), r.GetProperty("picture").GetInt32(),
            [.. r.GetProperty("mapAfterMoveMs").EnumerateArray().Select(e => e.GetInt64())]);
    }
}
