namespace Argon.Worker.Execution;

/// <summary>
/// Tells a pause of the whole worker (SIGSTOP and SIGCONT, a suspended VM, a stop-the-world stall) from silence:
/// a timer ticks every <see cref="Tick"/>, and a gap of more than <see cref="Threshold"/> between two ticks means
/// the process did not run meanwhile, so the wall clock jumped. Each session's <see cref="SessionFence"/> hears of
/// it and holds back task starts until the manager confirms the session; until every fence has settled, the
/// executors are not probed either (an executor resumed from the same pause starts nothing before that probe).
/// </summary>
internal sealed class PauseWatch : IAsyncDisposable
{
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    public static readonly TimeSpan Threshold = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly List<SessionFence> _fences = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _lastTick = Environment.TickCount64;
    private long _resumedAt;

    public PauseWatch() => _loop = LoopAsync(_stop.Token);

    /// <summary>When the last pause was noticed to have ended (<see cref="Environment.TickCount64"/>); 0 before any.</summary>
    public long ResumedAt => Interlocked.Read(ref _resumedAt);

    /// <summary>
    /// True while a pause has been noticed and some session has not yet been confirmed (or ended) since; also true
    /// at once, before the timer has caught up, when the clock shows the process has just not run.
    /// </summary>
    public bool IsUnsettled
    {
        get
        {
            Check();
            lock (_gate)
            {
                return _fences.Any(f => f.IsAwaitingConfirmation);
            }
        }
    }

    public void Register(SessionFence fence)
    {
        lock (_gate)
        {
            _fences.Add(fence);
        }
    }

    public void Unregister(SessionFence fence)
    {
        lock (_gate)
        {
            _fences.Remove(fence);
        }
    }

    /// <summary>Notices a pause now if the timer has not run for longer than the threshold; true if one was (or is being) noticed.</summary>
    public bool Check()
    {
        var now = Environment.TickCount64;
        if (now - Interlocked.Read(ref _lastTick) <= Threshold.TotalMilliseconds)
        {
            return false;
        }

        // Whoever notices first closes every fence before anyone sees the clock caught up.
        lock (_gate)
        {
            if (now - Interlocked.Read(ref _lastTick) <= Threshold.TotalMilliseconds)
            {
                return true; // noticed by another thread a moment ago; the fences are closed already
            }

            Interlocked.Exchange(ref _lastTick, now);
            Interlocked.Exchange(ref _resumedAt, now);
            foreach (var fence in _fences)
            {
                fence.OnPaused(now);
            }
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Tick);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!Check())
                {
                    Interlocked.Exchange(ref _lastTick, Environment.TickCount64);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
