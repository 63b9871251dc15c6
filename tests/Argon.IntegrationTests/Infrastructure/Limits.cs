namespace Argon.IntegrationTests.Infrastructure;

/// <summary>Upper bounds for waits. Generous, because they only decide how long a broken build takes to fail.</summary>
internal static class Limits
{
    /// <summary>Starting a cluster: a manager and its workers registered.</summary>
    public static readonly TimeSpan Startup = TimeSpan.FromSeconds(60);

    /// <summary>One call, or one batch of calls, that should finish promptly.</summary>
    public static readonly TimeSpan Call = TimeSpan.FromSeconds(30);

    /// <summary>A log line or a state change that follows at once from what the test did.</summary>
    public static readonly TimeSpan Reaction = TimeSpan.FromSeconds(10);

    /// <summary>A short-lived `argon` command (status, ping, keygen, a refused worker) running to its exit.</summary>
    public static readonly TimeSpan Command = TimeSpan.FromSeconds(30);
}
