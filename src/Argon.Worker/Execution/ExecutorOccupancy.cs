namespace Argon.Worker.Execution;

/// <summary>
/// How many tasks run on the executors now (started, as the worker sees it, and not yet answered), and the most
/// that ever did at once: the proof that a worker serving several managers never runs more than its capacity
/// (`argon_worker_tasks_running_peak`). Two interlocked operations per task, no lock.
/// </summary>
internal sealed class ExecutorOccupancy
{
    private int _running;
    private int _peak;

    public int Running => Volatile.Read(ref _running);

    public int Peak => Volatile.Read(ref _peak);

    public void Started()
    {
        var now = Interlocked.Increment(ref _running);
        int peak;
        while (now > (peak = Volatile.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, peak) != peak)
        {
            // Another task raised the peak meanwhile; look again.
        }
    }

    public void Ended() => Interlocked.Decrement(ref _running);
}
