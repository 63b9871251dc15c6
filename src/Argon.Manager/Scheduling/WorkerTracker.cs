using Argon.Protocol.Transport;

namespace Argon.Manager.Scheduling;

/// <summary>What the manager knows about one registered worker. Guarded by the dispatcher's lock.</summary>
internal sealed class WorkerTracker(long sequence, string nodeId, string address, int capacity, PrefetchPolicy prefetch, IMessageSender connection, long connectedAt)
{
    private const double SmoothingFactor = 0.1;

    /// <summary>Registration order; breaks ties in routing.</summary>
    public long Sequence { get; } = sequence;

    public string NodeId { get; } = nodeId;

    public string Address { get; } = address;

    /// <summary>
    /// The executors it may use for this manager: its registered capacity, or the share it last announced (a worker
    /// serving several managers). Changes only inside WorkerPool.Update (or before the worker is added).
    /// </summary>
    public int Capacity { get; private set; } = capacity;

    /// <summary>Capacity plus prefetch: how many tasks it may hold at once. Changes only inside WorkerPool.Update.</summary>
    public int Slots { get; private set; } = capacity + prefetch.For(capacity, averageTaskMs: null);

    /// <summary>When it last finished a task, or went from idle to busy: how the manager sees that it is stuck.</summary>
    public long LastProgressAt { get; set; } = connectedAt;

    /// <summary>Its tasks were revoked because it made no progress; no prefetch until it finishes something. Changes only inside WorkerPool.Update.</summary>
    public bool IsStalled { get; private set; }

    public IMessageSender Connection { get; } = connection;

    /// <summary>Started with --allow-eval: it runs shipped code (ProcessAsync delegates, shipped task classes).</summary>
    public bool AllowsShippedCode { get; init; }

    public long ConnectedAt { get; } = connectedAt;

    /// <summary>The tasks it holds: running, or prefetched and not started yet.</summary>
    public HeldTasks Running { get; } = new();

    public int InFlight => Running.Count;

    /// <summary>The worker is shutting down: out of routing, but its running tasks are still its own.</summary>
    public bool IsDraining { get; set; }

    /// <summary>Dropped for good (disconnected): what it sends from now on is ignored.</summary>
    public bool IsGone { get; set; }

    public long Completed { get; private set; }

    /// <summary>Exponential moving average of task time, in milliseconds.</summary>
    public double AverageTaskMs { get; private set; }

    /// <summary>Estimated load: the share of its slots in use. Routing picks the lowest.</summary>
    public double Load => (double)InFlight / Slots;

    public bool HasFreeSlot => InFlight < Slots;

    /// <summary>
    /// No prefetch while tasks of more than one priority are in play (Dispatcher.Priorities.cs): it holds at most one
    /// task per executor. Changes only inside WorkerPool.Update (or before the worker is added).
    /// </summary>
    public bool IsPrefetchSuspended { get; private set; }

    public void RecordCompletion(double taskMs)
    {
        Completed++;
        AverageTaskMs = Completed == 1 ? taskMs : AverageTaskMs + SmoothingFactor * (taskMs - AverageTaskMs);
        IsStalled = false;
        Slots = PrefetchingSlots();
    }

    public void SuspendPrefetch(bool suspended)
    {
        IsPrefetchSuspended = suspended;
        Slots = PrefetchingSlots();
    }

    /// <summary>The worker announced a new share of its executors for this manager (Share).</summary>
    public void Resize(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        Slots = PrefetchingSlots();
    }

    public void MarkStalled()
    {
        IsStalled = true;
        Slots = Capacity;
    }

    private int PrefetchingSlots() =>
        IsStalled || IsPrefetchSuspended ? Capacity : Capacity + prefetch.For(Capacity, Completed > 0 ? AverageTaskMs : null);
}
