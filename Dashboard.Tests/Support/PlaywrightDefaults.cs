using System.Runtime.CompilerServices;
using Microsoft.Playwright;

namespace Coverage.Dashboard.Tests.Support;

/// <summary>
/// Settings every browser test shares, applied once when the test assembly loads.
/// </summary>
internal static class PlaywrightDefaults
{
    /// <summary>
    /// How long an <c>Expect(…)</c> assertion waits for its condition when the test does not say: Playwright's own default is
    /// 5 s, which a committed write and the re-render it sets off exceeded on the 2-core CI machine running every test class at
    /// once (a revocation's 已停用, 2026-11-30). An assertion that holds passes as soon as it does; only a failing one waits longer.
    /// </summary>
    public const float ExpectTimeoutMs = 15_000;

    [ModuleInitializer]
    internal static void Apply() => Assertions.SetDefaultExpectTimeout(ExpectTimeoutMs);
}
