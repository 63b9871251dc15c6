using System.Collections.Concurrent;

namespace Argon.Worker;

/// <summary>The tasks a manager link is running, each with the source that cancels it; a drain waits for it to empty.</summary>
internal sealed class RunningTasks
{
    private readonly ConcurrentDictionary<long, CancellationTokenSource> _tasks = new();
    private TaskCompletionSource? _empty;

    public int Count => _tasks.Count;

    public void Add(long id, CancellationTokenSource cancellation) => _tasks[id] = cancellation;

    public void Cancel(long id)
    {
        if (_tasks.TryGetValue(id, out var cancellation))
        {
            cancellation.Cancel();
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

    /// <summary>Completes once no task is running (at once if none is).</summary>
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
}
