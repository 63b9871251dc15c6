using Argon.Protocol;
using Microsoft.Extensions.Logging;

namespace Argon.Worker.Execution;

/// <summary>
/// Keeping the pool's processes alive: a crashed or killed executor is replaced at once; one due for recycling
/// (too many tasks, too much memory) keeps serving until its replacement is ready, then finishes what it holds
/// and leaves, so capacity never dips for a recycle.
/// </summary>
internal sealed partial class ExecutorPool
{
    private readonly HashSet<ExecutorProcess> _all = [];
    private readonly HashSet<ExecutorProcess> _recycling = []; // due for recycling, replacement on the way
    private readonly Lock _gate = new();
    private Task _heartbeats = Task.CompletedTask;
    private int _nextNumber;
    private int _disposed;

    /// <summary>Starts every executor and waits until all are connected.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = await Task.WhenAll(Enumerable.Range(0, Capacity).Select(_ => StartOneAsync(cancellationToken))).ConfigureAwait(false);
        foreach (var executor in started)
        {
            _slots.Add(executor);
        }

        var pids = string.Join(", ", started.Select(e => e.ProcessId));
        ExecutorLog.Started(_logger, started.Length, pids);
        _heartbeats = HeartbeatLoopAsync(_stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1)
            {
                return;
            }
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _slots.Close();
        if (_headOfLineCheck is { } headOfLineCheck)
        {
            await headOfLineCheck.DisposeAsync().ConfigureAwait(false);
        }

        await _heartbeats.ConfigureAwait(false);
        ExecutorProcess[] all;
        lock (_gate)
        {
            all = [.. _all];
            _all.Clear();
        }

        await Task.WhenAll(all.Select(e => e.DisposeAsync().AsTask())).ConfigureAwait(false);
        await _listener.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    /// <summary>After a healthy task: an executor past its limits gets a replacement started; only its first task past them does.</summary>
    private void ScheduleRecycling(ExecutorProcess executor)
    {
        var reason = RecycleReason(executor);
        bool recycle;
        lock (_gate)
        {
            recycle = reason is not null && _all.Contains(executor) && _recycling.Add(executor);
        }

        if (recycle)
        {
            _metrics?.ExecutorRestarted("recycled");
            _ = RecycleAsync(executor, reason!);
        }
    }

    private string? RecycleReason(ExecutorProcess executor)
    {
        if (_options.MaxRequests is { } maxRequests && executor.TasksRun >= maxRequests)
        {
            return $"ran {executor.TasksRun} tasks (--max-requests {maxRequests})";
        }

        if (_options.MaxMemoryBytes is { } maxBytes && executor.ResidentBytes() is { } resident && resident > maxBytes)
        {
            return $"uses {resident / (1024 * 1024)} MB (--max-executor-memory {maxBytes / (1024 * 1024)} MB)";
        }

        return null;
    }

    /// <summary>Starts the replacement first; the old executor keeps serving until it is ready, then takes no more and leaves once it holds nothing.</summary>
    private async Task RecycleAsync(ExecutorProcess old, string reason)
    {
        var replacement = await StartReplacementAsync(old, reason).ConfigureAwait(false);
        bool retire;
        lock (_gate)
        {
            _recycling.Remove(old);
            retire = replacement is not null && _all.Remove(old); // else it died meanwhile, and ReplaceAsync left its place to this replacement
        }

        if (replacement is not null)
        {
            _slots.Add(replacement);
        }

        if (retire && _slots.Remove(old) <= 0)
        {
            _ = RetireAsync(old);
        }
    }

    /// <summary>The old executor is dead or killed: start another in its place (once, however many of its tasks report it).</summary>
    private async Task ReplaceAsync(ExecutorProcess old, string reason)
    {
        bool recycling;
        lock (_gate)
        {
            if (!_all.Remove(old))
            {
                return; // already replaced, or retiring with its replacement started
            }

            recycling = _recycling.Contains(old);
        }

        if (recycling)
        {
            return; // RecycleAsync is already starting its replacement
        }

        var replacement = await StartReplacementAsync(old, reason).ConfigureAwait(false);
        if (replacement is not null)
        {
            _slots.Add(replacement);
        }
    }

    private async Task<ExecutorProcess?> StartReplacementAsync(ExecutorProcess old, string reason)
    {
        for (var failures = 0; !_stop.IsCancellationRequested; failures++)
        {
            try
            {
                var replacement = await StartOneAsync(_stop.Token).ConfigureAwait(false);
                if (_logger.IsEnabled(LogLevel.Information))
                {
                    var safeReason = PeerText.Escape(reason, PeerText.MaxReasonLength);
                    ExecutorLog.Replaced(_logger, old.Name, replacement.Name, replacement.ProcessId, safeReason);
                }

                return replacement;
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested || Volatile.Read(ref _disposed) == 1)
            {
                return null;
            }
            catch (Exception ex)
            {
                ExecutorLog.ReplacementFailed(_logger, PeerText.Escape(ex.Message, PeerText.MaxReasonLength));
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 100 << Math.Min(failures, 6))), _stop.Token)
                    .ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
            }
        }

        return null;
    }

    private async Task<ExecutorProcess> StartOneAsync(CancellationToken cancellationToken)
    {
        var number = Interlocked.Increment(ref _nextNumber);
        var executor = await ExecutorProcess.StartAsync(_options, _listener, number, _logger, cancellationToken).ConfigureAwait(false);
        bool disposed;
        lock (_gate)
        {
            disposed = Volatile.Read(ref _disposed) == 1;
            if (!disposed)
            {
                _all.Add(executor);
            }
        }

        if (disposed)
        {
            // The pool stopped while this one started: nothing would ever stop it.
            await executor.DisposeAsync().ConfigureAwait(false);
            throw new OperationCanceledException("the executor pool is stopping");
        }

        _ = executor.Gone.ContinueWith(_ => OnGone(executor), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return executor;
    }

    /// <summary>An idle executor died (killed from outside, or it stopped answering): replace it. Busy ones are replaced when their tasks return.</summary>
    private void OnGone(ExecutorProcess executor)
    {
        lock (_gate)
        {
            if (_stop.IsCancellationRequested || !_all.Contains(executor))
            {
                return;
            }
        }

        if (_slots.Remove(executor) != 0)
        {
            return; // busy: its tasks' returns replace it; or no longer known here: already handled
        }

        _metrics?.ExecutorRestarted("died_idle");
        _ = ReplaceAsync(executor, "its process died while idle");
        _ = RetireAsync(executor);
    }

    private async Task RetireAsync(ExecutorProcess executor)
    {
        lock (_gate)
        {
            _all.Remove(executor);
        }

        await executor.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HeartbeatLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.HeartbeatInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                ExecutorProcess[] all;
                lock (_gate)
                {
                    all = [.. _all];
                }

                // After a pause, the executors (paused too, perhaps) hear the next probe only once every session has
                // been confirmed or has ended, and so after the Cancels of an ended session's tasks: until then they
                // start nothing they hold (ExecutorHost).
                if (_pauses?.IsUnsettled == true)
                {
                    continue;
                }

                foreach (var executor in all)
                {
                    executor.Probe();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
