using Argon.Protocol.Messages;

namespace Argon.Manager.Scheduling;

/// <summary>
/// Priority-aware prefetch: a task of higher priority starts before any lower-priority task that has not started.
/// Prefetch (tasks a worker holds beyond its executors) would break that, as a prefetched task starts on its
/// worker whatever waits in the manager's queue. So prefetch holds only while the tasks in play (waiting, or held
/// by workers) are all of one priority. When a second priority comes into play, every worker stops taking tasks
/// beyond its executors and the workers holding more are asked to give back what has not started (Revoke; the
/// worker returns only tasks that have not begun on an executor). They return to the head of their list, so from
/// then on every free executor takes the most urgent waiting task. Prefetch resumes once one priority is left.
/// </summary>
internal sealed partial class Dispatcher
{
    private bool _prefetchSuspended;

    /// <summary>Whether prefetch is off because tasks of more than one priority are in play.</summary>
    internal bool IsPrefetchSuspended
    {
        get
        {
            lock (_gate)
            {
                return _prefetchSuspended;
            }
        }
    }

    /// <summary>
    /// Turns prefetch off or on as the mix of priorities in play changes; <paramref name="incoming"/> is a task
    /// being accepted, not yet waiting or held. O(1) unless the mix changes, then O(workers log workers).
    /// </summary>
    private void FollowPriorityMix(TaskPriority? incoming = null)
    {
        var levels = 0;
        for (var priority = TaskPriority.Low; priority <= TaskPriority.High; priority++)
        {
            if (priority == incoming || _queue.CountOf(priority) > 0 || _workers.HeldOf(priority) > 0)
            {
                levels++;
            }
        }

        var mixed = levels > 1;
        if (mixed == _prefetchSuspended)
        {
            return;
        }

        _prefetchSuspended = mixed;
        foreach (var worker in _workers.All.ToList())
        {
            _workers.Update(worker, w => w.SuspendPrefetch(mixed));
            if (mixed && worker.InFlight > worker.Capacity)
            {
                // Which of its tasks have started only the worker knows; it gives back the others.
                worker.Connection.Send(new Revoke { Ids = [.. worker.Running.Keys] });
            }
        }
    }
}
