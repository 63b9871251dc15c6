namespace Argon.Manager.Scheduling;

/// <summary>
/// Which worker holds which orphaned call (docs/decisions.md, "No work done twice when a manager dies"): calls a
/// worker still runs, or has finished, for a manager it lost, as its Orphans messages named them. Forgotten when
/// attached, released, or when the worker goes. Bounded per worker: past <see cref="MaxPerWorker"/> a worker's
/// further names are ignored (those calls, if resubmitted, run again). Guarded by the dispatcher's lock.
/// </summary>
internal sealed class OrphanDirectory
{
    /// <summary>The most orphaned calls remembered for one worker (a worker holds its executors' and prefetch's worth per lost manager).</summary>
    public const int MaxPerWorker = 64 * 1024;

    private readonly Dictionary<Guid, WorkerTracker> _holders = [];
    private readonly Dictionary<WorkerTracker, HashSet<Guid>> _byWorker = [];

    public int Count => _holders.Count;

    /// <summary>Remembers that <paramref name="worker"/> holds <paramref name="callId"/>; false if it is over its bound.</summary>
    public bool Add(WorkerTracker worker, Guid callId)
    {
        if (!_byWorker.TryGetValue(worker, out var held))
        {
            held = [];
            _byWorker.Add(worker, held);
        }

        if (held.Count >= MaxPerWorker && !held.Contains(callId))
        {
            return false;
        }

        if (_holders.TryGetValue(callId, out var previous) && previous != worker)
        {
            Forget(previous, callId);
        }

        held.Add(callId);
        _holders[callId] = worker;
        return true;
    }

    /// <summary>Takes the worker holding <paramref name="callId"/> out of the directory, if any does.</summary>
    public bool TryTake(Guid callId, out WorkerTracker worker)
    {
        if (!_holders.Remove(callId, out worker!))
        {
            return false;
        }

        Forget(worker, callId);
        return true;
    }

    /// <summary>The worker no longer holds it (released, never started).</summary>
    public void Remove(WorkerTracker worker, Guid callId)
    {
        if (_holders.TryGetValue(callId, out var holder) && holder == worker)
        {
            _holders.Remove(callId);
            Forget(worker, callId);
        }
    }

    /// <summary>The worker is gone: so is everything it held.</summary>
    public void RemoveWorker(WorkerTracker worker)
    {
        if (_byWorker.Remove(worker, out var held))
        {
            foreach (var callId in held)
            {
                _holders.Remove(callId);
            }
        }
    }

    private void Forget(WorkerTracker worker, Guid callId)
    {
        if (_byWorker.TryGetValue(worker, out var held) && held.Remove(callId) && held.Count == 0)
        {
            _byWorker.Remove(worker);
        }
    }
}
