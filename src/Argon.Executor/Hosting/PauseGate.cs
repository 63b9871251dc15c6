namespace Argon.Executor.Hosting;

/// <summary>
/// Holds an executor's task starts after it was paused (SIGSTOP and SIGCONT, a suspended VM): a timer ticks every
/// 100 ms, and a gap of over a second between ticks (or, seen at once, since the last tick) means the process did not
/// run meanwhile. The tasks it holds may belong to a session its worker has since given up, so it starts none of
/// them until its worker probes it again with a heartbeat stamped after the pause: the worker sends that probe only
/// once its own sessions are settled, after the Cancels of any that ended, so those tasks are dropped first.
/// Timestamps are <see cref="Environment.TickCount64"/>, the monotonic clock the worker and its executors share.
/// </summary>
internal sealed class PauseGate : IDisposable
{
    private const long TickMs = 100;
    private const long ThresholdMs = 1000;

    private readonly Timer _timer;
    private readonly Lock _gate = new();
    private long _lastTick = Environment.TickCount64;
    private long _resumedAt;
    private bool _closed;

    public PauseGate() => _timer = new Timer(_ => OnTick(), null, TickMs, TickMs);

    /// <summary>True while starts are held: a pause was seen and no probe stamped after it has come.</summary>
    public bool IsClosed
    {
        get
        {
            lock (_gate)
            {
                Notice(Environment.TickCount64);
                return _closed;
            }
        }
    }

    /// <summary>A probe from the worker, stamped <paramref name="timestamp"/>: opens the gate if it was sent after the pause. True if it opened it.</summary>
    public bool OnProbe(long timestamp)
    {
        lock (_gate)
        {
            Notice(Environment.TickCount64);
            if (!_closed || timestamp <= _resumedAt)
            {
                return false;
            }

            _closed = false;
            return true;
        }
    }

    public void Dispose() => _timer.Dispose();

    private void OnTick()
    {
        lock (_gate)
        {
            var now = Environment.TickCount64;
            Notice(now);
            _lastTick = now;
        }
    }

    /// <summary>Closes the gate if the process has not run for longer than the threshold (under the lock).</summary>
    private void Notice(long now)
    {
        if (now - _lastTick > ThresholdMs)
        {
            _lastTick = now;
            _resumedAt = now;
            _closed = true;
        }
    }
}
