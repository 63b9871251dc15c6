using Argon.Manager.Connections;
using Argon.Protocol.Messages;

namespace Argon.Manager.Scheduling;

/// <summary>
/// Code shipping relay: a worker's NeedCode goes to the client that owns the task, and the client's Code goes to
/// the worker running it, each with the receiver's task id. The bytes pass through untouched; the worker checks
/// their hash. A task that has moved on (cancelled, finished, re-dispatched) drops the message: its new worker asks again.
/// </summary>
internal sealed partial class Dispatcher
{
    // Whether an eval worker was registered when the set of workers last changed, and when the last one left.
    private bool _evalWorkerRegistered;
    private long _evalWorkersGoneAt;

    /// <summary>Fails a task with shipped code because no registered worker accepts it.</summary>
    private void FailForWantOfShippedCodeWorkers(TaskEntry entry)
    {
        _failed++;
        Deliver(entry, TaskOutcome.Failure(OutcomeStatus.Failed,
            $"{entry.Request.TypeName} carries shipped code, and no worker of this cluster accepts shipped code: start workers with --allow-eval",
            _options.Node));
    }

    /// <summary>
    /// Called whenever the set of workers changes. Workers are registered and none accepts shipped code: the
    /// shipped-code tasks waiting fail now (no worker here runs them). No eval worker at all: the wait for one is
    /// bounded from now (<see cref="ManagerOptions.ShippedCodeWait"/>, enforced by <see cref="ExpireShippedCodeWaits"/>).
    /// </summary>
    private void FailShippedCodeIfNobodyTakesIt()
    {
        if (_workers.ShippedCodeCount > 0)
        {
            _evalWorkerRegistered = true;
            return;
        }

        if (_evalWorkerRegistered)
        {
            _evalWorkerRegistered = false;
            _evalWorkersGoneAt = Environment.TickCount64;
        }

        if (_workers.Count == 0 || _queue.ShippedCodeCount == 0)
        {
            return; // with no worker at all, an eval worker may still come: ExpireShippedCodeWaits bounds the wait
        }

        foreach (var entry in _queue.RemoveWhere(e => e.NeedsShippedCode))
        {
            FailForWantOfShippedCodeWorkers(entry);
        }
    }

    /// <summary>
    /// Fails the shipped-code tasks that have waited <see cref="ManagerOptions.ShippedCodeWait"/> while no eval worker
    /// was registered (counted from their acceptance, or from when the last eval worker left). O(1) unless such tasks
    /// wait; called every few milliseconds by <see cref="RebalanceLoop"/>. Returns how many failed.
    /// </summary>
    public int ExpireShippedCodeWaits(long now)
    {
        lock (_gate)
        {
            if (_queue.ShippedCodeCount == 0 || _workers.ShippedCodeCount > 0)
            {
                return 0;
            }

            var waitMs = (long)_options.ShippedCodeWait.TotalMilliseconds;
            var expired = _queue.RemoveWhere(e => e.NeedsShippedCode && now - Math.Max(e.AcceptedAt, _evalWorkersGoneAt) >= waitMs);
            foreach (var entry in expired)
            {
                _failed++;
                Deliver(entry, TaskOutcome.Failure(OutcomeStatus.Failed,
                    $"{entry.Request.TypeName} carries shipped code, and no worker that accepts shipped code registered within "
                    + $"{_options.ShippedCodeWait.TotalSeconds:0.###} s: start a worker with --allow-eval", _options.Node));
            }

            return expired.Count;
        }
    }

    public void NeedCode(WorkerTracker worker, NeedCode need)
    {
        lock (_gate)
        {
            if (worker.Running.TryGetValue(need.Id, out var entry) && !entry.Abandoned && !entry.Client.IsClosed)
            {
                entry.Client.Connection.Send(new NeedCode { Id = entry.Request.Id, Hashes = need.Hashes });
            }
        }
    }

    public void Code(ClientSession client, Code code)
    {
        lock (_gate)
        {
            if (client.Tasks.TryGetValue(code.Id, out var entry) && entry.Worker is { } worker)
            {
                worker.Connection.Send(new Code { Id = entry.Id, Hash = code.Hash, Bytes = code.Bytes, Error = code.Error });
            }
        }
    }
}
