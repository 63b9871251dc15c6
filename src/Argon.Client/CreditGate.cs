namespace Argon;

/// <summary>
/// Flow control on the client: at most the manager's credit of tasks outstanding at once. The manager grants
/// each client a share of its queue and capacity (Credit messages), so a client that waits here is rarely
/// denied. Waiters are served in order. A backlog can park hundreds of thousands of calls here, so a waiter is
/// one object: the completion source itself, holding its cancellation registration.
/// The limit starts at nothing: a client submits nothing under credit before the connection's first grant, and
/// after the connection is lost or drained it takes nothing more until the next connection grants it
/// (<see cref="Suspend"/>).
/// </summary>
internal sealed class CreditGate
{
    private readonly Queue<Waiter> _waiters = new();
    private readonly Lock _gate = new();
    private int _limit;
    private int _outstanding;
    private Exception? _failure;

    /// <summary>
    /// The manager's new credit (which may be none for now). Raising it lets waiters through; lowering it only slows
    /// new ones. A grant also ends a failure from an earlier connection.
    /// </summary>
    public void SetLimit(int limit)
    {
        lock (_gate)
        {
            _limit = Math.Max(0, limit);
            _failure = null;
            ReleaseWaitersLocked();
        }
    }

    /// <summary>The connection that granted the credit is gone or draining: nothing more passes until a new grant. Waiters keep waiting.</summary>
    public void Suspend()
    {
        lock (_gate)
        {
            _limit = 0;
        }
    }

    /// <summary>The credit granted now (0 before the first grant and while suspended or failed).</summary>
    public int Limit => Volatile.Read(ref _limit);

    /// <summary>
    /// A new connection of a client with several managers: the failure of the last one is over, and nothing passes
    /// until this one grants credit. Waiters keep waiting.
    /// </summary>
    public void Reopen()
    {
        lock (_gate)
        {
            _failure = null;
            _limit = 0;
        }
    }

    /// <summary>
    /// Takes a place, at once when one is free and nobody waits, else in turn. A cancelled wait throws and takes no
    /// place: a wait ends either granted or cancelled, never both.
    /// </summary>
    public ValueTask AcquireAsync(CancellationToken cancellationToken)
    {
        Waiter waiter;
        lock (_gate)
        {
            if (_failure is { } failure)
            {
                return ValueTask.FromException(failure);
            }

            if (_waiters.Count == 0 && _outstanding < _limit)
            {
                _outstanding++;
                return ValueTask.CompletedTask;
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return ValueTask.FromCanceled(cancellationToken);
            }

            // Registered under the lock, so a grant (also under it) always finds the registration to undo.
            waiter = new Waiter();
            waiter.Watch(cancellationToken);
            _waiters.Enqueue(waiter);
        }

        return new ValueTask(waiter.Task);
    }

    public void Release()
    {
        lock (_gate)
        {
            _outstanding--;
            ReleaseWaitersLocked();
        }
    }

    /// <summary>The connection is gone or shutting down: nobody waits any longer, and nobody new gets in until a new grant.</summary>
    public void Fail(Exception error)
    {
        lock (_gate)
        {
            _failure = error;
            _limit = 0;
            while (_waiters.TryDequeue(out var waiter))
            {
                waiter.TryFail(error);
            }
        }
    }

    private void ReleaseWaitersLocked()
    {
        // A waiter cancelled meanwhile is skipped here, and its place goes to the next.
        while (_outstanding < _limit && _waiters.TryDequeue(out var waiter))
        {
            if (waiter.TryGrant())
            {
                _outstanding++;
            }
        }
    }

    /// <summary>One parked call: completed by a grant, by its token, or by the connection's failure, whichever comes first.</summary>
    private sealed class Waiter() : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        private CancellationTokenRegistration _registration;

        public void Watch(CancellationToken cancellationToken)
        {
            if (cancellationToken.CanBeCanceled)
            {
                _registration = cancellationToken.UnsafeRegister(static (state, token) => ((Waiter)state!).TrySetCanceled(token), this);
            }
        }

        public bool TryGrant() => TrySetResult() && Unregister();

        public void TryFail(Exception error)
        {
            if (TrySetException(error))
            {
                Unregister();
            }
        }

        /// <summary>Drops the registration without waiting for a callback in flight (it can only lose the race now).</summary>
        private bool Unregister()
        {
            _registration.Unregister();
            return true;
        }
    }
}
