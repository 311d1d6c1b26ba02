using System.Globalization;

namespace Coverage.Dashboard.Hosting;

/// <summary>
/// How many arrays of each size the process's shared <see cref="System.Buffers.ArrayPool{T}"/> keeps per core (issue 14). SignalR's
/// connection pipes take their 4 KB blocks from it: a change written to 2,000 hub connections at once holds 2,000 blocks until each
/// socket has sent its message. The pool kept 32 per core, so on this 2-core box ~1,940 blocks were allocated and dropped again for
/// every change — 7.6 MB of garbage a change, more than everything else a change allocates together, and a garbage collection
/// (every screen and client waits for it) every few changes. With <see cref="ArraysPerCore"/> the node keeps them: the pool holds an
/// array only once it was handed back, so it keeps what the node's own peak needed at once, and the runtime trims idle arrays after a
/// full collection. The runtime reads it from the environment once, when the pool is first used: <see cref="Apply"/> runs first thing
/// in <c>Main</c>, and an operator's own setting of the variable wins.
/// </summary>
internal static class SharedArrayPoolSize
{
    public const string Variable = "DOTNET_SYSTEM_BUFFERS_SHAREDARRAYPOOL_MAXARRAYSPERPARTITION";

    /// <summary>Enough for a change written to every one of 2,000 hub connections of a node at once, on a single core.</summary>
    public const int ArraysPerCore = 2048;

    public static void Apply()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable)))
            Environment.SetEnvironmentVariable(Variable, ArraysPerCore.ToString(CultureInfo.InvariantCulture));
    }
}
