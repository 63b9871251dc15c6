using Argon.Protocol;
using Argon.Protocol.Messages;
using Argon.Protocol.Transport;
using Microsoft.Extensions.Logging;

namespace Argon.Manager.Scheduling;

internal sealed partial class Dispatcher
{
    /// <summary>Adds a worker to routing and gives it waiting tasks at once.</summary>
    public WorkerTracker RegisterWorker(IMessageSender connection, Register register)
    {
        if (register.Capacity <= 0)
        {
            throw new Protocol.ProtocolException($"worker {PeerText.Escape(register.NodeId)} registered with capacity {register.Capacity}");
        }

        var now = Environment.TickCount64;
        lock (_gate)
        {
            var worker = new WorkerTracker(++_nextWorkerSequence, register.NodeId, connection.Remote, register.Capacity, _prefetch, connection, now)
            {
                AllowsShippedCode = register.AllowEval,
            };
            worker.SuspendPrefetch(_prefetchSuspended);
            _workers.Add(worker);
            if (_logger.IsEnabled(LogLevel.Information))
            {
                var safeNode = PeerText.Escape(worker.NodeId);
                ManagerLog.WorkerRegistered(_logger, safeNode, worker.Address, worker.Capacity);
            }

            FailShippedCodeIfNobodyTakesIt(); // only workers without --allow-eval: waiting shipped code fails now
            UpdateCredit();
            Pump(now);
            return worker;
        }
    }

    /// <summary>
    /// A worker serving several managers announced the share of its executors this manager may now use: routing,
    /// the total capacity (credit, queue bound, status) follow at once, and a larger share is filled from the queue.
    /// A smaller one takes effect as its tasks end (one it holds beyond it may be revoked as any overcommitment is).
    /// </summary>
    public void ShareChanged(WorkerTracker worker, int capacity)
    {
        var now = Environment.TickCount64;
        lock (_gate)
        {
            if (capacity == worker.Capacity)
            {
                return;
            }

            _workers.Update(worker, w => w.Resize(capacity));
            if (_logger.IsEnabled(LogLevel.Debug))
            {
                var safeNode = PeerText.Escape(worker.NodeId);
                ManagerLog.WorkerShare(_logger, safeNode, worker.Address, capacity);
            }

            UpdateCredit();
            Pump(now);
        }
    }

    /// <summary>
    /// A worker is shutting down: it gets no new task, finishes those it holds, and is answered with Drain so it
    /// knows no Assign is still on its way.
    /// </summary>
    public void DrainWorker(WorkerTracker worker)
    {
        lock (_gate)
        {
            if (worker.IsDraining || !_workers.Remove(worker))
            {
                return;
            }

            worker.IsDraining = true;
            if (_logger.IsEnabled(LogLevel.Information))
            {
                var safeNode = PeerText.Escape(worker.NodeId);
                ManagerLog.WorkerDraining(_logger, safeNode, worker.Address, worker.InFlight);
            }

            FailShippedCodeIfNobodyTakesIt();
            UpdateCredit();
            worker.Connection.Send(new Drain { Reason = "no more tasks will be assigned" });
        }
    }

    /// <summary>
    /// Drops a worker from routing. Its running tasks go back to the head of the queue while attempts remain;
    /// the rest fail with WorkerLost. <paramref name="goodbye"/> is the reason the worker gave in its Goodbye, when
    /// it said one: a worker that said Goodbye holding no task left cleanly (logged at Information, not as lost).
    /// </summary>
    public void WorkerDisconnected(WorkerTracker worker, string reason, string? goodbye = null)
    {
        _peers.Forget(worker.Sequence);
        var now = Environment.TickCount64;
        lock (_gate)
        {
            if (!_workers.Remove(worker) && !worker.IsDraining)
            {
                return;
            }

            worker.IsDraining = false;
            worker.IsGone = true;
            _orphans.RemoveWorker(worker);

            var requeued = 0;
            var held = worker.Running.Count;
            foreach (var entry in worker.Running.Values)
            {
                entry.Worker = null;
                if (entry.Abandoned)
                {
                    continue;
                }

                // Each task is resolved on its own: one the queue cannot hold fails, and never stops the others.
                if (entry.Attempts < entry.MaxAttempts && !_shuttingDown && PriorityTaskQueue.Holds(entry.Request.Priority))
                {
                    _queue.EnqueueFront(entry, now);
                    requeued++;
                }
                else
                {
                    _failed++;
                    Deliver(entry, TaskOutcome.Failure(OutcomeStatus.WorkerLost,
                        $"worker {worker.NodeId} was lost ({reason}) after {entry.Attempts} attempt(s)", worker.NodeId));
                }
            }

            worker.Running.Clear();
            _metrics?.Lost.Add(worker.NodeId, worker.Address, worker.Capacity, goodbye ?? reason, left: goodbye is not null && held == 0);
            if (goodbye is not null && held == 0)
            {
                if (_logger.IsEnabled(LogLevel.Information))
                {
                    var safeNode = PeerText.Escape(worker.NodeId);
                    var safeReason = PeerText.Escape(goodbye, PeerText.MaxReasonLength);
                    ManagerLog.WorkerLeft(_logger, safeNode, worker.Address, safeReason);
                }
            }
            else
            {
                ManagerLog.WorkerLost(_logger, PeerText.Escape(worker.NodeId), worker.Address, PeerText.Escape(reason, PeerText.MaxReasonLength), requeued);
            }

            FailShippedCodeIfNobodyTakesIt();
            UpdateCredit();
            Pump(now);
        }
    }
}
