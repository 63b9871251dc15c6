namespace Argon;

/// <summary>
/// Flow control on the client: at most the manager's credit of tasks outstanding at once. The manager grants
/// each client a share of its queue and capacity (Credit messages), so a client that waits here is rarely
/// denied. Waiters are served in order.
/// </summary>
internal sealed class CreditGate
{
    private readonly Queue<TaskCompletionSource> _waiters = new();
    private readonly Lock _gate = new();
    private int _limit = int.MaxValue;
    private int _outstanding;

    /// <summary>The manager's new credit. Raising it lets waiters through; lowering it only slows new ones.</summary>
    public void SetLimit(int limit)
    {
        lock (_gate)
        {
            _limit = Math.Max(1, limit);
            ReleaseWaitersLocked();
        }
    }

    public ValueTask AcquireAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        lock (_gate)
        {
            if (_waiters.Count == 0 && _outstanding < _limit)
            {
                _outstanding++;
                return ValueTask.CompletedTask;
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Enqueue(waiter);
        }

        return new ValueTask(WaitAsync(waiter, cancellationToken));
    }

    public void Release()
    {
        lock (_gate)
        {
            _outstanding--;
            ReleaseWaitersLocked();
        }
    }

    /// <summary>The connection is gone: nobody waits any longer.</summary>
    public void Fail(Exception error)
    {
        lock (_gate)
        {
            while (_waiters.TryDequeue(out var waiter))
            {
                waiter.TrySetException(error);
            }
        }
    }

    private async Task WaitAsync(TaskCompletionSource waiter, CancellationToken cancellationToken)
    {
        try
        {
            await waiter.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Give the slot back if it was granted in the meantime.
            if (!waiter.TrySetCanceled(cancellationToken) && waiter.Task.IsCompletedSuccessfully)
            {
                Release();
            }

            throw;
        }
    }

    private void ReleaseWaitersLocked()
    {
        while (_outstanding < _limit && _waiters.TryDequeue(out var waiter))
        {
            if (waiter.TrySetResult())
            {
                _outstanding++;
            }
        }
    }
}
