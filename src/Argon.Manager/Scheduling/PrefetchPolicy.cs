namespace Argon.Manager.Scheduling;

/// <summary>
/// How many tasks a worker may hold beyond its capacity: enough that its executors stay busy for one
/// prefetch window (a manager–worker round trip) at its average task time, and at least one per executor, so
/// an executor that finishes finds its next task already there. Tiny tasks get many. Long tasks (a second or
/// more) get none: a task must not be parked behind a long one on a busy worker while another frees up.
/// </summary>
internal sealed class PrefetchPolicy(int maxPerExecutor, TimeSpan window)
{
    /// <summary>Tasks at least this long on average are not prefetched.</summary>
    public static readonly TimeSpan LongTask = TimeSpan.FromSeconds(1);

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

        if (average >= LongTask.TotalMilliseconds)
        {
            return 0;
        }

        var perExecutor = Math.Max(1, window.TotalMilliseconds / Math.Max(average, 0.001));
        return (int)Math.Min((long)capacity * maxPerExecutor, (long)Math.Floor(capacity * perExecutor));
    }
}
