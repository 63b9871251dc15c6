using System.Collections.Concurrent;

namespace Argon.Worker;

/// <summary>
/// The tasks a manager link holds (running, or waiting for an executor), each with the sources that cancel it
/// and that take it back unstarted; a drain waits for it to empty.
/// </summary>
internal sealed class RunningTasks
{
    private readonly ConcurrentDictionary<long, Controls> _tasks = new();
    private TaskCompletionSource? _empty;

    public int Count => _tasks.Count;

    public void Add(long id, CancellationTokenSource cancellation, CancellationTokenSource revocation) => _tasks[id] = new Controls(cancellation, revocation);

    public void Cancel(long id)
    {
        if (_tasks.TryGetValue(id, out var controls))
        {
            Fire(controls.Cancellation);
        }
    }

    /// <summary>Asks for the task back; it comes back only if it has not started.</summary>
    public void Revoke(long id)
    {
        if (_tasks.TryGetValue(id, out var controls))
        {
            Fire(controls.Revocation);
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

    private static void Fire(CancellationTokenSource source)
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

    private sealed record Controls(CancellationTokenSource Cancellation, CancellationTokenSource Revocation);
}
