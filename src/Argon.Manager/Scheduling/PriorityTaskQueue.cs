
namespace Argon.Manager.Scheduling;

/// <summary>
/// Waiting tasks in two lines, ordinary tasks and tasks with shipped code (which only an --allow-eval worker may
/// run), each as three FIFO lists, one per priority. The next task of a line is the head with the highest
/// effective priority: its priority plus one level for every <see cref="PromotionInterval"/> it has waited, so Low
/// never starves while High keeps precedence among fresh tasks. The lines are separate so that a shipped-code task
/// waiting for an eval worker never holds up an ordinary one. Every operation but <see cref="RemoveWhere"/> and
/// <see cref="DrainAll"/> is O(1). Not thread-safe: the dispatcher's lock guards it.
/// </summary>
internal sealed class PriorityTaskQueue(TimeSpan promotionInterval)
{
    private const int Levels = 3;
    private readonly LinkedList<TaskEntry>[] _lists = [new(), new(), new(), new(), new(), new()];

    public TimeSpan PromotionInterval { get; } = promotionInterval;

    /// <summary>Every waiting task, in both lines: what the queue bound counts.</summary>
    public int Count { get; private set; }

    /// <summary>Waiting tasks with shipped code.</summary>
    public int ShippedCodeCount { get; private set; }

    /// <summary>Waiting ordinary tasks.</summary>
    public int OrdinaryCount => Count - ShippedCodeCount;

    /// <summary>Whether the priority is one of the three lists; the dispatcher takes in no task of another.</summary>
    public static bool Holds(TaskPriority priority) => (uint)priority <= (uint)TaskPriority.High;

    public int CountOf(TaskPriority priority) => _lists[(int)priority].Count + _lists[Levels + (int)priority].Count;

    /// <summary>Whether the line <paramref name="entry"/> would join is empty (then nothing waits ahead of it).</summary>
    public bool IsLineEmpty(TaskEntry entry) => entry.NeedsShippedCode ? ShippedCodeCount == 0 : OrdinaryCount == 0;

    public void Enqueue(TaskEntry entry, long now)
    {
        entry.QueuedAt = now;
        entry.QueueNode = ListOf(entry).AddLast(entry);
        Added(entry);
    }

    /// <summary>Puts a task back at the head of its list (its worker was lost; it keeps its place).</summary>
    public void EnqueueFront(TaskEntry entry, long now)
    {
        entry.QueuedAt = now;
        entry.QueueNode = ListOf(entry).AddFirst(entry);
        Added(entry);
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

    /// <summary>The task <see cref="TryDequeue"/> would take now, from either line, left in place.</summary>
    public bool TryPeek(long now, out TaskEntry entry)
    {
        var found = TryPeek(now, shippedCode: false, out var ordinary, out var ordinaryScore);
        if (TryPeek(now, shippedCode: true, out var shipped, out var shippedScore) && (!found || shippedScore > ordinaryScore))
        {
            (entry, found) = (shipped, true);
        }
        else
        {
            entry = ordinary;
        }

        return found;
    }

    /// <summary>The next task of one line, and its effective priority (<paramref name="score"/>), left in place.</summary>
    public bool TryPeek(long now, bool shippedCode, out TaskEntry entry, out double score)
    {
        LinkedListNode<TaskEntry>? best = null;
        score = double.MinValue;
        var first = shippedCode ? Levels : 0;
        for (var i = first; i < first + Levels; i++)
        {
            if (_lists[i].First is { } head)
            {
                var headScore = (int)head.Value.Request.Priority + (now - head.Value.QueuedAt) / PromotionInterval.TotalMilliseconds;
                if (headScore > score)
                {
                    (best, score) = (head, headScore);
                }
            }
        }

        entry = best?.Value!;
        return best is not null;
    }

    public void Remove(TaskEntry entry)
    {
        if (entry.QueueNode is { } node)
        {
            node.List!.Remove(node);
            entry.QueueNode = null;
            Count--;
            if (entry.NeedsShippedCode)
            {
                ShippedCodeCount--;
            }
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

    private LinkedList<TaskEntry> ListOf(TaskEntry entry) => _lists[(entry.NeedsShippedCode ? Levels : 0) + (int)entry.Request.Priority];

    private void Added(TaskEntry entry)
    {
        Count++;
        if (entry.NeedsShippedCode)
        {
            ShippedCodeCount++;
        }
    }
}
