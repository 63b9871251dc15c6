using Argon.Protocol.Messages;
using Argon.Protocol.Messages.Validation;
using Argon.Protocol.Transport;

namespace Argon.Worker.Failover;

/// <summary>
/// The calls a worker serving several managers holds for managers it lost (docs/decisions.md, "No work done twice
/// when a manager dies"): when a manager link ends while another is still connected, the tasks of that session go
/// on (those that had started; the others are given back and dropped) and become orphans, keyed by their call id.
/// Every live session hears which calls are held (an Orphans message: at once, and the whole list when it joins),
/// and which are released (they never started); a surviving manager that gets a call resubmitted attaches to it
/// and gets its outcome. Finished orphans are kept for <see cref="Keep"/>, within a count and a size bound.
/// </summary>
internal sealed class OrphanTable
{
    /// <summary>How long a finished orphan's outcome waits for its call to be resubmitted and attached.</summary>
    public static readonly TimeSpan Keep = TimeSpan.FromMinutes(5);

    /// <summary>The most finished orphans kept; past it the oldest go first.</summary>
    public const int MaxFinished = 16 * 1024;

    /// <summary>The most memory the finished orphans' outcomes hold; past it the oldest go first.</summary>
    public const long MaxFinishedBytes = 64L * 1024 * 1024;

    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, Orphan> _orphans = [];

    // Outcomes of tasks orphaned a moment before Adopt entered them (a task can end between the two): Adopt takes them.
    // One that no Adopt takes (an attached call's late delivery) is dropped after a minute.
    private readonly Dictionary<Guid, (TaskOutcome Outcome, long At)> _endedBeforeAdoption = [];
    private readonly Queue<Orphan> _finished = new();
    private readonly List<IMessageSender> _live = [];
    private long _finishedBytes;

    /// <summary>Orphans held now, running or finished.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _orphans.Count;
            }
        }
    }

    /// <summary>True while some manager session is live (registered) to hear of orphans.</summary>
    public bool HasLiveSessions
    {
        get
        {
            lock (_gate)
            {
                return _live.Count > 0;
            }
        }
    }

    /// <summary>A manager session registered: it hears of every orphan held now, and of every change, until disposed.</summary>
    public IDisposable Join(IMessageSender session)
    {
        List<Guid> held;
        lock (_gate)
        {
            _live.Add(session);
            held = [.. _orphans.Keys];
        }

        Announce([session], held, []);
        return new Membership(this, session);
    }

    public bool Holds(Guid callId)
    {
        lock (_gate)
        {
            return _orphans.ContainsKey(callId);
        }
    }

    /// <summary>
    /// A lost session's tasks: <paramref name="running"/> not finished yet (they are asked back next, and only those that
    /// had started will end otherwise than Revoked), and <paramref name="sent"/>, outcomes sent to the lost manager that
    /// may never have arrived. Those with a call id become orphans, and the live sessions hear of them.
    /// </summary>
    public void Adopt(IEnumerable<LinkTask> running, IEnumerable<(Guid CallId, TaskOutcome Outcome)> sent)
    {
        var now = Environment.TickCount64;
        List<Guid> named = [];
        List<Guid> released = [];
        IMessageSender[] live;
        lock (_gate)
        {
            foreach (var task in running)
            {
                if (task.CallId is not { } callId)
                {
                    continue;
                }

                if (_orphans.ContainsKey(callId))
                {
                    named.Add(callId); // held already (an attached call): named again, for the managers that remain
                    continue;
                }

                var orphan = new Orphan(callId, task.Cancellation);
                if (_endedBeforeAdoption.Remove(callId, out var early))
                {
                    var ended = early.Outcome;
                    if (ended.Status == OutcomeStatus.Revoked)
                    {
                        released.Add(callId); // it never started
                        continue;
                    }

                    _orphans.Add(callId, orphan);
                    Finished(orphan, ended, now);
                }
                else
                {
                    _orphans.Add(callId, orphan);
                }

                named.Add(callId);
            }

            foreach (var (callId, outcome) in sent)
            {
                if (!_orphans.ContainsKey(callId))
                {
                    var orphan = new Orphan(callId, cancellation: null);
                    _orphans.Add(callId, orphan);
                    Finished(orphan, outcome, now);
                    named.Add(callId);
                }
            }

            released.AddRange(Expire(now));
            live = [.. _live];
        }

        Announce(live, named, released);
    }

    /// <summary>
    /// An orphan's execution ended. Revoked means it never started: it is dropped, and the live sessions hear it is
    /// released (so it can be run anew). Otherwise the outcome goes to the manager that attached it, if any, and is
    /// kept for <see cref="Keep"/>.
    /// </summary>
    public void Finish(Guid callId, TaskOutcome outcome)
    {
        var now = Environment.TickCount64;
        Action<TaskOutcome>? delivery;
        IMessageSender[] live;
        List<Guid> released = [];
        lock (_gate)
        {
            if (!_orphans.TryGetValue(callId, out var orphan))
            {
                // Orphaned by its session, not yet entered by Adopt (which follows at once and takes this outcome).
                _endedBeforeAdoption[callId] = (outcome, now);
                return;
            }

            if (orphan.Outcome is not null)
            {
                return;
            }

            delivery = orphan.Delivery;
            orphan.Delivery = null;
            if (outcome.Status == OutcomeStatus.Revoked)
            {
                _orphans.Remove(callId);
                released.Add(callId);
            }
            else
            {
                Finished(orphan, outcome, now);
            }

            released.AddRange(Expire(now));
            live = [.. _live];
        }

        delivery?.Invoke(outcome);
        Announce(live, [], released);
    }

    /// <summary>
    /// A surviving manager attached a resubmission of the call: <paramref name="delivery"/> gets its outcome, at once
    /// if it has ended. Returns the orphan, or null if none is held for that call.
    /// </summary>
    public Orphan? Attach(Guid callId, Action<TaskOutcome> delivery)
    {
        TaskOutcome? ended;
        Orphan? orphan;
        lock (_gate)
        {
            if (!_orphans.TryGetValue(callId, out orphan))
            {
                return null;
            }

            ended = orphan.Outcome;
            if (ended is null)
            {
                orphan.Delivery = delivery;
            }
        }

        if (ended is not null)
        {
            delivery(ended);
        }

        return orphan;
    }

    private void Finished(Orphan orphan, TaskOutcome outcome, long now)
    {
        orphan.Finish(outcome, now);
        _finished.Enqueue(orphan);
        _finishedBytes += orphan.Bytes;
    }

    /// <summary>Drops the finished orphans past their keep or the bounds; returns their call ids.</summary>
    private List<Guid> Expire(long now)
    {
        List<Guid> expired = [];
        foreach (var (callId, early) in _endedBeforeAdoption)
        {
            if (now - early.At > 60_000)
            {
                _endedBeforeAdoption.Remove(callId);
            }
        }

        while (_finished.TryPeek(out var oldest)
            && (now - oldest.FinishedAt > Keep.TotalMilliseconds || _finished.Count > MaxFinished || _finishedBytes > MaxFinishedBytes))
        {
            _finished.Dequeue();
            _finishedBytes -= oldest.Bytes;
            if (_orphans.Remove(oldest.CallId))
            {
                expired.Add(oldest.CallId);
            }
        }

        return expired;
    }

    private static void Announce(IEnumerable<IMessageSender> sessions, List<Guid> held, List<Guid> released)
    {
        if (held.Count == 0 && released.Count == 0)
        {
            return;
        }

        foreach (var session in sessions)
        {
            for (var i = 0; i < Math.Max(held.Count, released.Count); i += MessageLimits.MaxOrphanIds)
            {
                session.Send(new Orphans { Held = Slice(held, i), Released = Slice(released, i) });
            }
        }
    }

    private static Guid[] Slice(List<Guid> ids, int start) =>
        start >= ids.Count ? [] : [.. ids.Skip(start).Take(MessageLimits.MaxOrphanIds)];

    private void Leave(IMessageSender session)
    {
        lock (_gate)
        {
            _live.Remove(session);
        }
    }

    private sealed class Membership(OrphanTable table, IMessageSender session) : IDisposable
    {
        public void Dispose() => table.Leave(session);
    }
}
