namespace Argon.Manager.Scheduling;

/// <summary>
/// The tasks a worker holds (running, or prefetched and not started yet), by the manager's task id, with how many
/// of each priority it holds, so that <see cref="WorkerPool"/> knows which priorities are on workers in O(1).
/// Guarded by the dispatcher's lock; changed only inside <see cref="WorkerPool.Update"/> while the worker is routed.
/// </summary>
internal sealed class HeldTasks
{
    private readonly Dictionary<long, TaskEntry> _tasks = [];
    private readonly int[] _byPriority = new int[3];

    public int Count => _tasks.Count;

    public IEnumerable<long> Keys => _tasks.Keys;

    public IEnumerable<TaskEntry> Values => _tasks.Values;

    /// <summary>How many of its tasks have this priority.</summary>
    public int CountOf(TaskPriority priority) => _byPriority[(int)priority];

    public bool TryGetValue(long id, out TaskEntry entry) => _tasks.TryGetValue(id, out entry!);

    public bool ContainsKey(long id) => _tasks.ContainsKey(id);

    public void Add(long id, TaskEntry entry)
    {
        _tasks.Add(id, entry);
        Tally(entry, 1);
    }

    public bool Remove(long id)
    {
        if (!_tasks.Remove(id, out var entry))
        {
            return false;
        }

        Tally(entry, -1);
        return true;
    }

    public void Clear()
    {
        _tasks.Clear();
        Array.Clear(_byPriority);
    }

    // Entries are null only in tests of the pool's ordering, which need no priorities.
    private void Tally(TaskEntry? entry, int change)
    {
        if (entry is not null && PriorityTaskQueue.Holds(entry.Request.Priority))
        {
            _byPriority[(int)entry.Request.Priority] += change;
        }
    }
}
