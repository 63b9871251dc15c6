namespace Argon.Manager.Scheduling;

/// <summary>
/// How many tasks a worker may hold beyond its capacity: enough that its executors stay busy for one
/// prefetch window (a manager–worker round trip) at its average task time. Tiny tasks get many; tasks longer
/// than the window get none, so a short task is never parked behind a long one on a busy worker.
/// </summary>
internal sealed class PrefetchPolicy(int maxPerExecutor, TimeSpan window)
{
    /// <summary>Tasks beyond capacity; one per executor until the worker's task time is known.</summary>
    public int For(int capacity, double? averageTaskMs)
    {
        if (maxPerExecutor <= 0)
        {
            return 0;
        }

        if (averageTaskMs is not { } average)
        {
            return capacity;
        }

        var perExecutor = window.TotalMilliseconds / Math.Max(average, 0.001);
        return (int)Math.Min((long)capacity * maxPerExecutor, (long)Math.Floor(capacity * perExecutor));
    }
}
