namespace Argon.Worker.Execution;

/// <summary>
/// No head-of-line blocking inside the worker: a task queued in an executor behind a running one is given back (to
/// its assigner, which places it again) when a sibling executor is idle, nothing else waits, and the running task
/// has outlived the pool's patience (<see cref="PipelineDepthPolicy.Patience"/>). Until then it is left where it is:
/// tiny tasks would otherwise bounce every time one executor drains a moment before another.
/// </summary>
internal sealed partial class ExecutorPool
{
    private Timer? _headOfLineCheck;
    private int _headOfLineCheckArmed;

    /// <summary>Gives back what waits behind a long task in <paramref name="candidates"/>; looks again later for the others.</summary>
    private void GiveBackBehindLongTasks(IReadOnlyList<ExecutorProcess> candidates)
    {
        if (candidates.Count == 0)
        {
            return;
        }

        var patience = _depth.Patience;
        TimeSpan? soonest = null;
        foreach (var executor in candidates)
        {
            if (executor.RunningFor is not { } running)
            {
                continue; // its running task ended meanwhile; its queued one started
            }

            if (running >= patience)
            {
                executor.GiveBackQueued();
            }
            else if (soonest is null || patience - running < soonest)
            {
                soonest = patience - running;
            }
        }

        if (soonest is { } wait && Interlocked.Exchange(ref _headOfLineCheckArmed, 1) == 0)
        {
            var timer = LazyInitializer.EnsureInitialized(ref _headOfLineCheck, () => new Timer(_ => LookAgain()));
            try
            {
                timer.Change(wait, Timeout.InfiniteTimeSpan);
            }
            catch (ObjectDisposedException)
            {
                // The pool is being disposed: nothing is placed any more.
            }
        }
    }

    private void LookAgain()
    {
        Volatile.Write(ref _headOfLineCheckArmed, 0);
        GiveBackBehindLongTasks(_slots.GiveBackCandidates());
    }
}
