using System.Diagnostics;

namespace Coverage.Dashboard.Tests.Support;

/// <summary>
/// Waits for a condition another process or node brings about: polls it and gives up at a deadline with a
/// <see cref="TimeoutException"/> (no fixed sleep). No xunit here, so the benches link it too; tests use <see cref="Eventually"/>.
/// </summary>
public static class Poll
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> describe)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout) throw new TimeoutException($"{describe()} (waited {timeout.TotalSeconds:0} s)");
            await Task.Delay(Interval);
        }
    }
}
