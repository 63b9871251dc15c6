using Argon.Protocol;
using Argon.Protocol.Messages;
using Microsoft.Extensions.Logging;

namespace Argon.Manager.Scheduling;

/// <summary>
/// Calls moved here from a lost manager (docs/decisions.md, "No work done twice when a manager dies"). A resubmitted
/// call that a worker holds as an orphan is attached to that execution, not run again; one nobody has named yet
/// waits out its grace first; one named as released (it never started) is queued at once.
/// </summary>
internal sealed partial class Dispatcher
{
    private readonly OrphanDirectory _orphans = new();
    private readonly ResubmissionGrace _grace = new();

    /// <summary>True if the accepted resubmission was attached or put in its grace; false to queue it as usual.</summary>
    private bool TryAttachOrWait(TaskEntry entry, long now)
    {
        if (!entry.Request.Resubmitted || entry.Request.CallId is not { } callId)
        {
            return false;
        }

        if (_orphans.TryTake(callId, out var holder))
        {
            Attach(entry, holder, callId, now);
            return true;
        }

        entry.InGrace = true;
        _grace.Add(callId, entry, now + (long)_options.Heartbeat.Timeout.TotalMilliseconds);
        return true;
    }

    /// <summary>A worker named the calls it holds for a lost manager, and those it gave up.</summary>
    public void OrphansNamed(WorkerTracker worker, Orphans orphans)
    {
        var now = Environment.TickCount64;
        lock (_gate)
        {
            if (worker.IsGone)
            {
                return; // already dropped
            }

            foreach (var callId in orphans.Held)
            {
                if (_grace.TryTake(callId, out var waiting))
                {
                    waiting.InGrace = false;
                    Attach(waiting, worker, callId, now);
                }
                else if (!_orphans.Add(worker, callId))
                {
                    ManagerLog.OrphansOverBound(_logger, PeerText.Escape(worker.NodeId), OrphanDirectory.MaxPerWorker);
                }
            }

            var queued = false;
            foreach (var callId in orphans.Released)
            {
                _orphans.Remove(worker, callId);
                if (_grace.TryTake(callId, out var waiting))
                {
                    waiting.InGrace = false;
                    queued |= Requeue(waiting, now);
                }
            }

            if (queued)
            {
                Pump(now);
            }
        }
    }

    /// <summary>Queues the resubmissions whose grace has ended; called every few milliseconds by <see cref="RebalanceLoop"/>.</summary>
    public int EndResubmissionGraces(long now)
    {
        lock (_gate)
        {
            if (_grace.TakeExpired(now) is not { } expired)
            {
                return 0;
            }

            foreach (var entry in expired)
            {
                entry.InGrace = false;
                Requeue(entry, now);
            }

            Pump(now);
            return expired.Count;
        }
    }

    /// <summary>The call runs on <paramref name="worker"/> already: this task is that execution, and its Complete is the call's outcome.</summary>
    private void Attach(TaskEntry entry, WorkerTracker worker, Guid callId, long now)
    {
        entry.Attempts++;
        entry.Worker = worker;
        entry.StartedAt = now;
        _workers.Update(worker, w => w.Running.Add(entry.Id, entry));
        worker.Connection.Send(new Attach { Id = entry.Id, CallId = callId });
        _metrics?.Attached();
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            var safeNode = PeerText.Escape(worker.NodeId);
            ManagerLog.AttachedOrphan(_logger, entry.Id, callId, safeNode);
        }
    }

    /// <summary>Queues a resubmission no worker holds; false if it could not be (it failed, or its client gave up).</summary>
    private bool Requeue(TaskEntry entry, long now)
    {
        if (entry.Abandoned)
        {
            return false;
        }

        _queue.Enqueue(entry, now);
        return true;
    }

    /// <summary>A call in its grace that its client gave up on leaves it.</summary>
    private void LeaveGrace(TaskEntry entry)
    {
        if (entry.InGrace && entry.Request.CallId is { } callId)
        {
            _grace.TryTake(callId, out _);
            entry.InGrace = false;
        }
    }
}
