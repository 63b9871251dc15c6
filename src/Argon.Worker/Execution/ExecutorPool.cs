using System.Threading.Channels;
using Argon.Protocol.Messages;
using Argon.Worker.Http;
using Microsoft.Extensions.Logging;

namespace Argon.Worker.Execution;

/// <summary>
/// The worker's executor processes: exactly <see cref="Capacity"/> of them kept warm, each running one task at a
/// time. A crashed or killed executor is replaced at once; one due for recycling (too many tasks, too much
/// memory) keeps serving until its replacement is ready, so capacity never dips for a recycle.
/// </summary>
internal sealed class ExecutorPool : ITaskRunner, IAsyncDisposable
{
    // Unbounded by design: it never holds more than Capacity executors plus the few being recycled.
    private readonly Channel<ExecutorProcess> _idle = Channel.CreateUnbounded<ExecutorProcess>();
    private readonly HashSet<ExecutorProcess> _all = [];
    private readonly HashSet<ExecutorProcess> _retiring = [];
    private readonly HashSet<ExecutorProcess> _busy = [];
    private readonly HashSet<ExecutorProcess> _recycling = []; // due for recycling, replacement on the way
    private readonly Lock _gate = new();
    private readonly ExecutorPoolOptions _options;
    private readonly ExecutorListener _listener;
    private readonly ILogger _logger;
    private readonly WorkerMetrics? _metrics;
    private readonly CancellationTokenSource _stop = new();
    private Task _heartbeats = Task.CompletedTask;
    private int _nextNumber;
    private int _disposed;

    public ExecutorPool(ExecutorPoolOptions options, ILogger logger, WorkerMetrics? metrics = null)
    {
        _options = options;
        _logger = logger;
        _metrics = metrics;
        _listener = ExecutorListener.Start();
    }

    public int Capacity => _options.Capacity;

    /// <summary>The code cache's folder, inside the executors' private socket directory.</summary>
    public string CodeDirectory => _listener.CodeDirectory;

    /// <summary>Starts every executor and waits until all are connected.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = await Task.WhenAll(Enumerable.Range(0, Capacity).Select(_ => StartOneAsync(cancellationToken))).ConfigureAwait(false);
        foreach (var executor in started)
        {
            _idle.Writer.TryWrite(executor);
        }

        var pids = string.Join(", ", started.Select(e => e.ProcessId));
        ExecutorLog.Started(_logger, started.Length, pids);
        _heartbeats = HeartbeatLoopAsync(_stop.Token);
    }

    public async Task<TaskOutcome> RunAsync(TaskRequest request, CancellationToken revoked, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        _metrics?.TaskStarted();
        try
        {
            var outcome = await RunOnExecutorsAsync(request, revoked, cancellationToken).ConfigureAwait(false);
            if (outcome.Status != OutcomeStatus.Revoked)
            {
                _metrics?.TaskDuration(outcome.Status, System.Diagnostics.Stopwatch.GetElapsedTime(started));
            }

            return outcome;
        }
        finally
        {
            _metrics?.TaskEnded();
        }
    }

    private async Task<TaskOutcome> RunOnExecutorsAsync(TaskRequest request, CancellationToken revoked, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            ExecutorProcess executor;
            using var waiting = attempt == 1 && revoked.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(revoked, cancellationToken) : null;
            try
            {
                executor = await TakeIdleAsync(waiting?.Token ?? cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (revoked.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return TaskOutcome.Failure(OutcomeStatus.Revoked, $"{request.TypeName} was given back before it started", _options.Node);
            }
            catch (OperationCanceledException)
            {
                return TaskOutcome.Failure(OutcomeStatus.Cancelled, $"{request.TypeName} was cancelled before it started", _options.Node);
            }
            catch (ChannelClosedException)
            {
                return TaskOutcome.Failure(OutcomeStatus.Failed, "the worker is shutting down", _options.Node);
            }

            ExecutorLog.TaskRunning(_logger, request.Id, request.TypeName, executor.Name, executor.ProcessId);
            var run = await executor.RunAsync(request, cancellationToken).ConfigureAwait(false);
            Return(executor, run.Fate);
            if (run.Fate != ExecutorFate.Crashed)
            {
                return run.Outcome;
            }

            if (attempt >= _options.PoisonAttempts)
            {
                return TaskOutcome.Failure(OutcomeStatus.Failed,
                    $"{request.TypeName} crashed its executor on {attempt} attempts and is not tried again (a poison task). Last: {run.Outcome.ErrorMessage}",
                    executor.Name);
            }

            ExecutorLog.CrashRetry(_logger, request.TypeName, executor.Name, run.Outcome.ErrorMessage ?? "");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _idle.Writer.TryComplete();
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

    private async Task<ExecutorProcess> TakeIdleAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var executor = await _idle.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            bool retired;
            lock (_gate)
            {
                retired = _retiring.Remove(executor) || !_all.Contains(executor) || executor.IsGone;
                if (!retired)
                {
                    _busy.Add(executor);
                    return executor;
                }
            }

            _ = RetireAsync(executor);
        }
    }

    /// <summary>After a task: back to idle, recycled, or replaced.</summary>
    private void Return(ExecutorProcess executor, ExecutorFate fate)
    {
        lock (_gate)
        {
            _busy.Remove(executor);
        }

        if (fate != ExecutorFate.Healthy || executor.IsGone)
        {
            _metrics?.ExecutorRestarted(fate == ExecutorFate.Killed ? "killed" : "crashed");
            _ = ReplaceAsync(executor, fate == ExecutorFate.Killed ? "killed (timeout or ignored cancel)" : "its process died");
            return;
        }

        bool retiring;
        lock (_gate)
        {
            retiring = _retiring.Remove(executor);
        }

        if (retiring)
        {
            _ = RetireAsync(executor);
            return;
        }

        // An executor keeps serving while its replacement starts: only its first task past the limit starts one.
        var reason = RecycleReason(executor);
        bool recycle;
        lock (_gate)
        {
            recycle = reason is not null && _recycling.Add(executor);
        }

        _idle.Writer.TryWrite(executor);
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

    /// <summary>Starts the replacement first; the old executor keeps serving until it is ready, then leaves.</summary>
    private async Task RecycleAsync(ExecutorProcess old, string reason)
    {
        var replacement = await StartReplacementAsync(old, reason).ConfigureAwait(false);
        lock (_gate)
        {
            _recycling.Remove(old);
            if (replacement is not null && _all.Remove(old))
            {
                _retiring.Add(old); // else it died meanwhile, and ReplaceAsync left its place to this replacement
            }
        }

        if (replacement is not null)
        {
            _idle.Writer.TryWrite(replacement);
        }
    }

    /// <summary>The old executor is dead or killed: drop it and start another.</summary>
    private async Task ReplaceAsync(ExecutorProcess old, string reason)
    {
        bool recycling;
        lock (_gate)
        {
            _retiring.Remove(old);
            if (!_all.Remove(old))
            {
                return; // already replaced, or retiring with its replacement started
            }

            recycling = _recycling.Contains(old);
        }

        _ = RetireAsync(old);
        if (recycling)
        {
            return; // RecycleAsync is already starting its replacement
        }

        var replacement = await StartReplacementAsync(old, reason).ConfigureAwait(false);
        if (replacement is not null)
        {
            _idle.Writer.TryWrite(replacement);
        }
    }

    private async Task<ExecutorProcess?> StartReplacementAsync(ExecutorProcess old, string reason)
    {
        for (var failures = 0; !_stop.IsCancellationRequested; failures++)
        {
            try
            {
                var replacement = await StartOneAsync(_stop.Token).ConfigureAwait(false);
                ExecutorLog.Replaced(_logger, old.Name, replacement.Name, replacement.ProcessId, reason);
                return replacement;
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return null;
            }
            catch (Exception ex)
            {
                ExecutorLog.ReplacementFailed(_logger, ex.Message);
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
        lock (_gate)
        {
            _all.Add(executor);
        }

        _ = executor.Gone.ContinueWith(_ => OnGone(executor), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return executor;
    }

    /// <summary>An idle executor died (killed from outside, or it stopped answering): replace it. Busy ones are replaced when their task returns.</summary>
    private void OnGone(ExecutorProcess executor)
    {
        lock (_gate)
        {
            if (_stop.IsCancellationRequested || !_all.Contains(executor) || _busy.Contains(executor))
            {
                return;
            }
        }

        _metrics?.ExecutorRestarted("died_idle");
        _ = ReplaceAsync(executor, "its process died while idle");
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
