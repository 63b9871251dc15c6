
namespace Argon.Manager.Scheduling;

/// <summary>
/// Waiting tasks in three FIFO lists, one per priority. The next task is the head with the highest effective
/// priority: its priority plus one level for every <see cref="PromotionInterval"/> it has waited, so Low never
/// starves while High keeps precedence among fresh tasks. Every operation is O(1). Not thread-safe: the
/// dispatcher's lock guards it.
/// </summary>
internal sealed class PriorityTaskQueue(TimeSpan promotionInterval)
{
    private readonly LinkedList<TaskEntry>[] _lists = [new(), new(), new()];

    public TimeSpan PromotionInterval { get; } = promotionInterval;

    public int Count { get; private set; }

    /// <summary>Whether the priority is one of the three lists; the dispatcher takes in no task of another.</summary>
    public static bool Holds(TaskPriority priority) => (uint)priority <= (uint)TaskPriority.High;

    public int CountOf(TaskPriority priority) => _lists[(int)priority].Count;

    public void Enqueue(TaskEntry entry, long now)
    {
        entry.QueuedAt = now;
        entry.QueueNode = _lists[(int)entry.Request.Priority].AddLast(entry);
        Count++;
    }

    /// <summary>Puts a task back at the head of its list (its worker was lost; it keeps its place).</summary>
    public void EnqueueFront(TaskEntry entry, long now)
    {
        entry.QueuedAt = now;
        entry.QueueNode = _lists[(int)entry.Request.Priority].AddFirst(entry);
        Count++;
    }

    public bool TryDequeue(long now, out TaskEntry entry)
    {
        if (!TryPeek(now, out entry))
        {
            return false;
        }

        Remove(entry);
        return true;
    }

    /// <summary>The task <see cref="TryDequeue"/> would take now, left in place.</summary>
    public bool TryPeek(long now, out TaskEntry entry)
    {
        LinkedList<TaskEntry>? best = null;
        var bestScore = double.MinValue;
        foreach (var list in _lists)
        {
            if (list.First is { } head)
            {
                var score = (int)head.Value.Request.Priority + (now - head.Value.QueuedAt) / PromotionInterval.TotalMilliseconds;
                if (score > bestScore)
                {
                    (best, bestScore) = (list, score);
                }
            }
        }

        if (best is null)
        {
            entry = null!;
            return false;
        }

        entry = best.First!.Value;
        return true;
    }

    public void Remove(TaskEntry entry)
    {
        if (entry.QueueNode is { } node)
        {
            node.List!.Remove(node);
            entry.QueueNode = null;
            Count--;
        }
    }

    /// <summary>Removes and returns the waiting tasks that match.</summary>
    public List<TaskEntry> RemoveWhere(Func<TaskEntry, bool> match)
    {
        var matching = _lists.SelectMany(list => list).Where(match).ToList();
        foreach (var entry in matching)
        {
            Remove(entry);
        }

        return matching;
    }

    /// <summary>Removes and returns every waiting task.</summary>
    public List<TaskEntry> DrainAll()
    {
        var all = _lists.SelectMany(list => list).ToList();
        foreach (var entry in all)
        {
            Remove(entry);
        }

        return all;
    }
}
