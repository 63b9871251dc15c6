namespace Argon.Worker.Execution;

/// <summary>
/// Which executor a task goes to. An executor holds up to <see cref="Depth"/> tasks: one running and the rest
/// queued inside it, so it starts its next task the moment it finishes one, with no round trip to the worker in
/// between. A task goes to an idle executor first, then behind the least loaded busy one; when every executor is
/// full it waits here, first come first served (a task retried after a crash goes to the front).
/// When an executor falls idle and nothing waits here, the tasks queued in other executors are the ones to
/// give back: each sits behind a running task of unknown length while a whole executor is free.
/// Pure bookkeeping under one lock; the pool owns the processes (ExecutorPool.cs).
/// </summary>
internal sealed class ExecutorSlots<TExecutor>(int depth)
    where TExecutor : class
{
    private readonly Dictionary<TExecutor, Entry> _entries = new(ReferenceEqualityComparer.Instance);
    private readonly LinkedList<TaskCompletionSource<TExecutor>> _waiting = new();
    private readonly Lock _gate = new();
    private bool _closed;

    /// <summary>Tasks one executor holds at most: 1 runs, Depth − 1 wait inside it.</summary>
    public int Depth { get; private set; } = depth >= 1 ? depth : throw new ArgumentOutOfRangeException(nameof(depth));

    /// <summary>
    /// Changes how many tasks each executor holds. A deeper queue fills at once from the tasks waiting here; a
    /// shallower one takes effect as executors finish what they hold.
    /// </summary>
    public void SetDepth(int depth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        List<(TExecutor Executor, List<TaskCompletionSource<TExecutor>> Given)>? handed = null;
        lock (_gate)
        {
            if (depth == Depth)
            {
                return;
            }

            var deeper = depth > Depth;
            Depth = depth;
            if (deeper)
            {
                foreach (var (executor, entry) in _entries)
                {
                    List<TaskCompletionSource<TExecutor>>? given = null;
                    FillLocked(executor, entry, ref given);
                    if (given is not null)
                    {
                        (handed ??= []).Add((executor, given));
                    }
                }
            }
        }

        foreach (var (executor, given) in handed ?? [])
        {
            Hand(executor, given);
        }
    }

    /// <summary>Tasks waiting here for a place in an executor.</summary>
    public int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>A ready executor starts taking tasks; the tasks waiting here fill it.</summary>
    public void Add(TExecutor executor)
    {
        List<TaskCompletionSource<TExecutor>>? given = null;
        lock (_gate)
        {
            var entry = new Entry();
            _entries.Add(executor, entry);
            FillLocked(executor, entry, ref given);
        }

        Hand(executor, given);
    }

    /// <summary>
    /// The executor takes no more tasks (it is retiring, or gone). Returns how many it still holds (the pool
    /// retires it when that reaches 0, here or in <see cref="Release"/>), or -1 when it is not known here (never
    /// added, or already removed and drained).
    /// </summary>
    public int Remove(TExecutor executor)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(executor, out var entry))
            {
                return -1;
            }

            entry.Accepting = false;
            if (entry.Load == 0)
            {
                _entries.Remove(executor);
            }

            return entry.Load;
        }
    }

    /// <summary>How many tasks the executor holds (0 for one not known here).</summary>
    public int LoadOf(TExecutor executor)
    {
        lock (_gate)
        {
            return _entries.TryGetValue(executor, out var entry) ? entry.Load : 0;
        }
    }

    /// <summary>
    /// A place in an executor: an idle one if there is one, else behind the least loaded busy one with room,
    /// else the first to free up. <paramref name="first"/> puts the task ahead of those waiting (one retried after
    /// it crashed an executor). Throws <see cref="ObjectDisposedException"/> once closed.
    /// </summary>
    /// <remarks>Given up when either token fires; nothing is registered on them when a place is free at once.</remarks>
    public async ValueTask<TExecutor> AcquireAsync(bool first, CancellationToken cancellationToken, CancellationToken alsoCancelledBy = default)
    {
        TaskCompletionSource<TExecutor> waiter;
        LinkedListNode<TaskCompletionSource<TExecutor>> node;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            if (LeastLoadedLocked() is { } free)
            {
                _entries[free].Load++;
                return free;
            }

            // Completed outside the lock (Release), so the task that gets the place goes on from there at once.
            waiter = new TaskCompletionSource<TExecutor>();
            node = first ? _waiting.AddFirst(waiter) : _waiting.AddLast(waiter);
        }

        await using (cancellationToken.Register(() => Abandon(node)).ConfigureAwait(false))
        await using (alsoCancelledBy.Register(() => Abandon(node)).ConfigureAwait(false))
        {
            return await waiter.Task.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One of the executor's tasks has ended (or was given back). Its place goes to the first task waiting here.
    /// Returns whether the executor is now drained of a retirement (removed, holding nothing) and, when it fell
    /// idle with nothing waiting, the executors whose queued tasks should be given back.
    /// </summary>
    public (bool Drained, IReadOnlyList<TExecutor> GiveBackFrom) Release(TExecutor executor)
    {
        List<TaskCompletionSource<TExecutor>>? given = null;
        try
        {
            return ReleaseLocked(executor, ref given);
        }
        finally
        {
            Hand(executor, given);
        }
    }

    private (bool Drained, IReadOnlyList<TExecutor> GiveBackFrom) ReleaseLocked(TExecutor executor, ref List<TaskCompletionSource<TExecutor>>? given)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(executor, out var entry))
            {
                return (false, []);
            }

            entry.Load--;
            if (!entry.Accepting)
            {
                if (entry.Load == 0)
                {
                    _entries.Remove(executor);
                    return (true, []);
                }

                return (false, []);
            }

            FillLocked(executor, entry, ref given);
            return (false, entry.Load > 0 ? [] : QueuedBehindOthersLocked());
        }
    }

    /// <summary>
    /// While an executor is idle and nothing waits here: the executors holding tasks queued behind a running one
    /// (the candidates to give back). Otherwise none.
    /// </summary>
    public IReadOnlyList<TExecutor> GiveBackCandidates()
    {
        lock (_gate)
        {
            foreach (var entry in _entries.Values)
            {
                if (entry.Accepting && entry.Load == 0)
                {
                    return QueuedBehindOthersLocked();
                }
            }

            return [];
        }
    }

    private TExecutor[] QueuedBehindOthersLocked()
    {
        if (_waiting.Count > 0)
        {
            return [];
        }

        List<TExecutor>? queued = null;
        foreach (var (other, otherEntry) in _entries)
        {
            if (otherEntry.Load > 1)
            {
                (queued ??= []).Add(other);
            }
        }

        return queued is null ? [] : [.. queued];
    }

    /// <summary>No more places are given: every task still waiting gets <see cref="ObjectDisposedException"/>.</summary>
    public void Close()
    {
        List<TaskCompletionSource<TExecutor>> waiting;
        lock (_gate)
        {
            _closed = true;
            waiting = [.. _waiting];
            _waiting.Clear();
        }

        foreach (var waiter in waiting)
        {
            waiter.TrySetException(new ObjectDisposedException(nameof(ExecutorSlots<TExecutor>)));
        }
    }

    /// <summary>
    /// Gives the executor's free places to the tasks waiting, first one first. A waiter in the line is never
    /// completed by anyone else (Abandon takes it out of the line first), so each one taken here gets its place.
    /// </summary>
    private void FillLocked(TExecutor executor, Entry entry, ref List<TaskCompletionSource<TExecutor>>? given)
    {
        while (entry.Accepting && entry.Load < Depth && _waiting.First is { } node)
        {
            _waiting.RemoveFirst();
            entry.Load++;
            (given ??= []).Add(node.Value);
        }
    }

    /// <summary>Tells the tasks given places that they have them: outside the lock, as each goes on from here.</summary>
    private static void Hand(TExecutor executor, List<TaskCompletionSource<TExecutor>>? given)
    {
        if (given is null)
        {
            return;
        }

        foreach (var waiter in given)
        {
            waiter.TrySetResult(executor);
        }
    }

    private TExecutor? LeastLoadedLocked()
    {
        TExecutor? best = null;
        var bestLoad = Depth;
        foreach (var (executor, entry) in _entries)
        {
            if (entry.Accepting && entry.Load < bestLoad)
            {
                best = executor;
                bestLoad = entry.Load;
                if (bestLoad == 0)
                {
                    break;
                }
            }
        }

        return best;
    }

    private void Abandon(LinkedListNode<TaskCompletionSource<TExecutor>> node)
    {
        lock (_gate)
        {
            if (node.List is null)
            {
                return; // already given a place; the caller releases it
            }

            _waiting.Remove(node);
        }

        node.Value.TrySetCanceled();
    }

    private sealed class Entry
    {
        public int Load { get; set; }

        public bool Accepting { get; set; } = true;
    }
}
