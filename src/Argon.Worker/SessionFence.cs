using Argon.Worker.Execution;

namespace Argon.Worker;

/// <summary>
/// Whether a task of one manager session may still start. A session's tasks start only while its connection is
/// up and, after a pause of the worker (<see cref="PauseWatch"/>), only once the manager has answered a probe sent
/// after the pause: a manager that declared the worker lost meanwhile has closed the connection instead, and the
/// session ends without starting anything more. Nothing is ever started for an ended session.
/// </summary>
internal sealed class SessionFence
{
    private readonly PauseWatch _pauses;
    private readonly Action<long> _probe;
    private readonly Lock _gate = new();
    private TaskCompletionSource _open = NewSignal(opened: true);
    private long _probeSentAt;
    private bool _ended;
    private bool _retired;

    /// <param name="pauses">The worker's pause watch; the fence registers with it.</param>
    /// <param name="probe">Sends the manager a heartbeat probe carrying this timestamp; its reply goes to <see cref="Confirm"/>.</param>
    public SessionFence(PauseWatch pauses, Action<long> probe)
    {
        _pauses = pauses;
        _probe = probe;
        pauses.Register(this);
    }

    /// <summary>
    /// True from a pause until the manager confirms the session, and from the session's end until its tasks have all
    /// been cancelled (<see cref="Retire"/>): meanwhile the executors are not probed, so they start nothing they hold.
    /// </summary>
    public bool IsAwaitingConfirmation
    {
        get
        {
            lock (_gate)
            {
                return !_retired && (_ended || !_open.Task.IsCompleted);
            }
        }
    }

    /// <summary>True if a task of this session may start now (checked again at the last moment before it is sent to an executor).</summary>
    public bool MayStart
    {
        get
        {
            if (_pauses.Check())
            {
                return false;
            }

            lock (_gate)
            {
                return !_ended && _open.Task.IsCompleted;
            }
        }
    }

    /// <summary>Waits until a task of this session may start; false if the session has ended.</summary>
    public async ValueTask<bool> WaitAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task open;
            lock (_gate)
            {
                if (_ended)
                {
                    return false;
                }

                open = _open.Task;
            }

            if (open.IsCompleted && !_pauses.Check())
            {
                return true;
            }

            await open.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The worker was paused: hold every start until the manager answers a probe sent from now on.</summary>
    public void OnPaused(long resumedAt)
    {
        lock (_gate)
        {
            if (_ended)
            {
                return;
            }

            if (_open.Task.IsCompleted)
            {
                _open = NewSignal(opened: false);
            }

            _probeSentAt = resumedAt;
        }

        _probe(resumedAt);
    }

    /// <summary>The manager answered the probe stamped <paramref name="timestamp"/>: if it was sent after the last pause, the session is confirmed.</summary>
    public void Confirm(long timestamp)
    {
        TaskCompletionSource open;
        lock (_gate)
        {
            if (_ended || timestamp == 0 || timestamp < Interlocked.Read(ref _probeSentAt) || timestamp < _pauses.ResumedAt)
            {
                return;
            }

            open = _open;
        }

        open.TrySetResult();
    }

    /// <summary>The session is over: nothing of it starts any more.</summary>
    public void End()
    {
        TaskCompletionSource open;
        lock (_gate)
        {
            _ended = true;
            open = _open;
        }

        open.TrySetResult(); // wakes the waiters, who then see the end
    }

    /// <summary>The ended session's tasks have all been cancelled (the executors have been told): the fence is forgotten.</summary>
    public void Retire()
    {
        End();
        lock (_gate)
        {
            _retired = true;
        }

        _pauses.Unregister(this);
    }

    private static TaskCompletionSource NewSignal(bool opened)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (opened)
        {
            signal.TrySetResult();
        }

        return signal;
    }
}
