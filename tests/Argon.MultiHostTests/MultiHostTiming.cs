namespace Argon.MultiHostTests;

/// <summary>The suite's heartbeat and its bounds.</summary>
internal static class MultiHostTiming
{
    /// <summary>As the chaos suite's: short enough to see a silent peer in seconds, long enough for a loaded 2-core machine.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>As the chaos suite's (docs/decisions.md, "The chaos suite").</summary>
    public static readonly TimeSpan HeartbeatTimeout = TimeSpan.FromSeconds(2);

    /// <summary>How long after a peer falls silent it must be noticed and its work moved: the timeout and 2.5 s of slack, as in the chaos suite.</summary>
    public static readonly TimeSpan SilenceBound = HeartbeatTimeout + TimeSpan.FromSeconds(2.5);

    /// <summary>A whole workload on a loaded 2-core machine: generous, it only bounds a broken build.</summary>
    public static readonly TimeSpan Workload = TimeSpan.FromMinutes(2);
}
