using System.Collections.Concurrent;

namespace Argon.Worker;

/// <summary>
/// The tasks a manager link holds (running, or waiting for an executor), each with the sources that cancel it
/// and that take it back unstarted; a drain waits for it to empty. When the link's manager is lost while others are
/// still connected, the link's tasks are adopted as orphans (<see cref="Adopt"/>) instead of cancelled.
/// </summary>
internal sealed class RunningTasks
{
    private readonly ConcurrentDictionary<long, LinkTask> _tasks = new();
    private TaskCompletionSource? _empty;

    public int Count => _tasks.Count;

    public LinkTask Add(long id, Guid? callId, CancellationTokenSource cancellation, CancellationTokenSource revocation)
    {
        var task = new LinkTask(callId, cancellation, revocation);
        _tasks[id] = task;
        return task;
    }

    public void Cancel(long id)
    {
        if (_tasks.TryGetValue(id, out var task))
        {
            Fire(task.Cancellation);
        }
    }

    /// <summary>Asks for the task back; it comes back only if it has not started.</summary>
    public void Revoke(long id)
    {
        if (_tasks.TryGetValue(id, out var task))
        {
            Fire(task.Revocation);
        }
    }

    public void Remove(long id)
    {
        _tasks.TryRemove(id, out _);
        if (_tasks.IsEmpty)
        {
            Volatile.Read(ref _empty)?.TrySetResult();
        }
    }

    /// <summary>
    /// The link's session ended with its manager lost: every task not finished yet becomes an orphan (its outcome goes
    /// to the orphan table, not to the session). Returns the tasks adopted; the caller enters them in the table
    /// before it asks them back, or one given back at once would end before the table knew it.
    /// </summary>
    public List<LinkTask> Adopt()
    {
        var adopted = new List<LinkTask>();
        foreach (var task in _tasks.Values)
        {
            if (task.TryOrphan())
            {
                adopted.Add(task);
            }
        }

        return adopted;
    }

    /// <summary>Completes once no task is held (at once if none is).</summary>
    public Task WhenEmptyAsync(CancellationToken cancellationToken)
    {
        var empty = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _empty, empty);
        if (_tasks.IsEmpty)
        {
            empty.TrySetResult();
        }

        return empty.Task.WaitAsync(cancellationToken);
    }

    public static void Fire(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The task ended between the lookup and now; there is nothing left to stop.
        }
    }
}
