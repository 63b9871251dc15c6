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
    private long _lastTick = Environment.TickCount64;
    private long _resumedAt;
    private int _closed;

    public PauseGate() => _timer = new Timer(_ => OnTick(), null, TickMs, TickMs);

    /// <summary>True while starts are held: a pause was seen and no probe stamped after it has come.</summary>
    public bool IsClosed
    {
        get
        {
            Notice(Environment.TickCount64);
            return Volatile.Read(ref _closed) == 1;
        }
    }

    /// <summary>A probe from the worker, stamped <paramref name="timestamp"/>: opens the gate if it was sent after the pause. True if it opened it.</summary>
    public bool OnProbe(long timestamp)
    {
        Notice(Environment.TickCount64);
        return timestamp > Interlocked.Read(ref _resumedAt) && Interlocked.CompareExchange(ref _closed, 0, 1) == 1;
    }

    public void Dispose() => _timer.Dispose();

    private void OnTick()
    {
        var now = Environment.TickCount64;
        if (!Notice(now))
        {
            Interlocked.Exchange(ref _lastTick, now);
        }
    }

    /// <summary>Closes the gate if the process has not run for longer than the threshold; true if it did.</summary>
    private bool Notice(long now)
    {
        var last = Interlocked.Read(ref _lastTick);
        if (now - last <= ThresholdMs || Interlocked.CompareExchange(ref _lastTick, now, last) != last)
        {
            return false;
        }

        Interlocked.Exchange(ref _resumedAt, now);
        Volatile.Write(ref _closed, 1);
        return true;
    }
}
