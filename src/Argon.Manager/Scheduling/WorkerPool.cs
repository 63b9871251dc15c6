namespace Argon.Manager.Scheduling;

/// <summary>
/// Registered workers ordered by estimated load, so the least-loaded worker is found in O(log n).
/// A tracker must be taken out before its load changes and put back after (<see cref="Update"/>).
/// Guarded by the dispatcher's lock.
/// </summary>
internal sealed class WorkerPool
{
    private readonly SortedSet<WorkerTracker> _byLoad = new(LoadComparer.Instance);

    // The workers started with --allow-eval, in the same order: shipped code may run only there.
    private readonly SortedSet<WorkerTracker> _shippedCodeByLoad = new(LoadComparer.Instance);

    // How many tasks of each priority the routed workers hold.
    private readonly int[] _heldByPriority = new int[3];

    public int Count => _byLoad.Count;

    public int TotalCapacity { get; private set; }

    public IEnumerable<WorkerTracker> All => _byLoad;

    /// <summary>How many workers hold more tasks than they have executors (prefetched ones wait there).</summary>
    public int Overcommitted { get; private set; }

    /// <summary>How many tasks of this priority the registered workers hold (running or prefetched).</summary>
    public int HeldOf(TaskPriority priority) => _heldByPriority[(int)priority];

    /// <summary>How many registered workers accept shipped code.</summary>
    public int ShippedCodeCount => _shippedCodeByLoad.Count;

    public void Add(WorkerTracker worker)
    {
        _byLoad.Add(worker);
        if (worker.AllowsShippedCode)
        {
            _shippedCodeByLoad.Add(worker);
        }

        Overcommitted += IsOvercommitted(worker);
        TotalCapacity += worker.Capacity;
        CountHeld(worker, 1);
    }

    public bool Remove(WorkerTracker worker)
    {
        if (!_byLoad.Remove(worker))
        {
            return false;
        }

        _shippedCodeByLoad.Remove(worker);
        Overcommitted -= IsOvercommitted(worker);
        TotalCapacity -= worker.Capacity;
        CountHeld(worker, -1);
        return true;
    }

    /// <summary>The least-loaded worker with a free slot (for shipped code, among those that accept it).</summary>
    public bool TryPick(out WorkerTracker worker, bool shippedCode = false)
    {
        worker = (shippedCode ? _shippedCodeByLoad : _byLoad).Min!;
        return worker is not null && worker.HasFreeSlot;
    }

    /// <summary>Changes a worker's load (or capacity) while keeping the order and the counters right.</summary>
    public void Update(WorkerTracker worker, Action<WorkerTracker> change)
    {
        var present = _byLoad.Remove(worker);
        var presentForCode = worker.AllowsShippedCode && _shippedCodeByLoad.Remove(worker);
        var wasOvercommitted = IsOvercommitted(worker);
        if (present)
        {
            CountHeld(worker, -1);
            TotalCapacity -= worker.Capacity;
        }

        change(worker);
        if (present)
        {
            TotalCapacity += worker.Capacity;
            _byLoad.Add(worker);
            Overcommitted += IsOvercommitted(worker) - wasOvercommitted;
            CountHeld(worker, 1);
        }

        if (presentForCode)
        {
            _shippedCodeByLoad.Add(worker);
        }
    }

    private void CountHeld(WorkerTracker worker, int sign)
    {
        for (var priority = 0; priority < _heldByPriority.Length; priority++)
        {
            _heldByPriority[priority] += sign * worker.Running.CountOf((TaskPriority)priority);
        }
    }

    private static int IsOvercommitted(WorkerTracker worker) => worker.InFlight > worker.Capacity ? 1 : 0;

    private sealed class LoadComparer : IComparer<WorkerTracker>
    {
        public static readonly LoadComparer Instance = new();

        public int Compare(WorkerTracker? x, WorkerTracker? y)
        {
            if (ReferenceEquals(x, y))
            {
                return 0;
            }

            var byLoad = x!.Load.CompareTo(y!.Load);
            return byLoad != 0 ? byLoad : x.Sequence.CompareTo(y.Sequence);
        }
    }
}
