namespace Argon.Manager.Scheduling;

/// <summary>
/// Resubmitted calls (moved here from a lost manager) that no worker has named as an orphan yet: each waits until a
/// worker names it (then it is attached), releases it, or its grace ends (then it is queued as usual). The grace is
/// the heartbeat timeout: a worker cut off from the lost manager notices no later, and names its orphans at once.
/// Guarded by the dispatcher's lock.
/// </summary>
internal sealed class ResubmissionGrace
{
    private readonly Dictionary<Guid, TaskEntry> _waiting = [];
    private readonly Queue<(long Deadline, Guid CallId, TaskEntry Entry)> _deadlines = new();

    public int Count => _waiting.Count;

    public void Add(Guid callId, TaskEntry entry, long deadline)
    {
        if (_waiting.TryAdd(callId, entry))
        {
            _deadlines.Enqueue((deadline, callId, entry));
        }
    }

    /// <summary>Takes the call out of its grace (a worker named it, or it is being abandoned).</summary>
    public bool TryTake(Guid callId, out TaskEntry entry) => _waiting.Remove(callId, out entry!);

    /// <summary>Takes out the calls whose grace has ended, oldest first.</summary>
    public List<TaskEntry>? TakeExpired(long now)
    {
        List<TaskEntry>? expired = null;
        while (_deadlines.TryPeek(out var next) && next.Deadline <= now)
        {
            _deadlines.Dequeue();
            if (_waiting.TryGetValue(next.CallId, out var entry) && entry == next.Entry)
            {
                _waiting.Remove(next.CallId);
                (expired ??= []).Add(entry);
            }
        }

        // A call taken out early leaves its deadline behind until it comes up; with nothing waiting, none matters.
        if (_waiting.Count == 0)
        {
            _deadlines.Clear();
        }

        return expired;
    }
}
