using Argon.Protocol;
using Argon.Protocol.Messages;
using Microsoft.Extensions.Logging;

namespace Argon.Manager.Scheduling;

internal sealed partial class Dispatcher
{
    /// <summary>A worker that finished nothing for this long (or 3 × its average task time, if longer) is stuck.</summary>
    public static readonly TimeSpan MinStall = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// No head-of-line blocking: when an executor is idle somewhere and the queue is empty, a worker that holds
    /// prefetched tasks but has finished nothing for a while (its executors are all on long tasks) is asked to
    /// give back the tasks it has not started. They come back as Revoked completions and run on the idle
    /// executors. The stuck worker gets no prefetch until it finishes something, so the tasks do not bounce.
    /// O(workers); called every few milliseconds by <see cref="RebalanceLoop"/>.
    /// </summary>
    public int Rebalance(long now)
    {
        lock (_gate)
        {
            if (_queue.OrdinaryCount > 0 || _workers.Count < 2 || _workers.Overcommitted == 0)
            {
                // Nothing idle anywhere (every free slot is filled from the queue at once; shipped-code tasks waiting
                // for an eval worker do not count), nowhere to move to, or no worker holds a task beyond its executors.
                return 0;
            }

            var idleExecutors = 0;
            List<WorkerTracker>? stuck = null;
            foreach (var worker in _workers.All)
            {
                if (worker.InFlight < worker.Capacity)
                {
                    idleExecutors += worker.Capacity - worker.InFlight;
                }
                else if (worker.InFlight > worker.Capacity && !worker.IsStalled
                    && now - worker.LastProgressAt > Math.Max(MinStall.TotalMilliseconds, 3 * worker.AverageTaskMs))
                {
                    (stuck ??= []).Add(worker);
                }
            }

            if (idleExecutors == 0 || stuck is null)
            {
                return 0;
            }

            foreach (var worker in stuck)
            {
                _workers.Update(worker, w => w.MarkStalled());
                if (_logger.IsEnabled(LogLevel.Debug))
                {
                    var safeNode = PeerText.Escape(worker.NodeId);
                    ManagerLog.Revoking(_logger, safeNode, worker.InFlight, worker.Capacity);
                }

                // Which of its tasks have started only the worker knows; it gives back the others.
                worker.Connection.Send(new Revoke { Ids = [.. worker.Running.Keys] });
            }

            return stuck.Count;
        }
    }

    /// <summary>A revoked task came back unstarted: it goes to the head of the queue, and this attempt does not count; another worker is tried first.</summary>
    private void TakeBack(WorkerTracker worker, TaskEntry entry, long now)
    {
        _workers.Update(worker, w => w.Running.Remove(entry.Id));
        entry.Worker = null;
        entry.Attempts--;
        if (entry.Abandoned)
        {
            return;
        }

        if (!PriorityTaskQueue.Holds(entry.Request.Priority))
        {
            // Never admitted (see Submit); were it, it fails rather than leave the worker's other completions unread.
            _failed++;
            Deliver(entry, TaskOutcome.Failure(OutcomeStatus.Failed, "the task was given back and cannot be queued again", _options.Node));
            return;
        }

        _queue.EnqueueFront(entry, now);

        // The worker that gave it back could not start it: another worker with room gets it first (at equal load the
        // giver would otherwise win again on its registration order); what nobody else takes goes back to the giver.
        if (_workers.Count > 1 && _workers.Remove(worker))
        {
            Pump(now);
            _workers.Add(worker);
        }

        Pump(now);
    }
}
