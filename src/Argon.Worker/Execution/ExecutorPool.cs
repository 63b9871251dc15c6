using Argon.Protocol;
using Argon.Protocol.Messages;
using Argon.Worker.Http;
using Microsoft.Extensions.Logging;

namespace Argon.Worker.Execution;

/// <summary>
/// The worker's executor processes: exactly <see cref="Capacity"/> of them kept warm, each running one task at a
/// time with the next one queued inside it (<see cref="ExecutorSlots{T}"/>), so an executor never idles waiting
/// for the worker between two tasks. A task that does not start where it was placed (given back, or its
/// executor died before its turn) ends Revoked, for its assigner to place again: the pool itself re-places only a
/// task that crashed an executor (the poison rule counts its attempts here). Keeping the processes alive
/// (replacing, recycling, retiring) is in ExecutorPool.Lifecycle.cs; giving back what waits behind a long task
/// is in ExecutorPool.HeadOfLine.cs.
/// </summary>
internal sealed partial class ExecutorPool : ITaskRunner, IAsyncDisposable
{
    private readonly ExecutorSlots<ExecutorProcess> _slots = new(PipelineDepthPolicy.MinDepth);
    private readonly PipelineDepthPolicy _depth = new();
    private readonly ExecutorPoolOptions _options;
    private readonly ExecutorListener _listener;
    private readonly ILogger _logger;
    private readonly WorkerMetrics? _metrics;
    private readonly CancellationTokenSource _stop = new();
    private readonly PauseWatch? _pauses;

    public ExecutorPool(ExecutorPoolOptions options, ILogger logger, WorkerMetrics? metrics = null, PauseWatch? pauses = null)
    {
        _options = options;
        _logger = logger;
        _metrics = metrics;
        _pauses = pauses;
        _metrics?.TrackExecutorPeak(options.Occupancy);
        _listener = ExecutorListener.Start();
    }

    public int Capacity => _options.Capacity;

    /// <summary>How long a task may wait behind a running one before it is better given back: 4 × the average task time, at least 5 ms.</summary>
    public TimeSpan Patience => _depth.Patience;

    /// <summary>The code cache's folder, inside the executors' private socket directory.</summary>
    public string CodeDirectory => _listener.CodeDirectory;

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
        var ran = false; // once it has run (and crashed an executor), it is no longer its assigner's to take back
        var front = false;
        for (var attempt = 1; ;)
        {
            var giveBack = ran ? CancellationToken.None : revoked;
            ExecutorProcess executor;
            try
            {
                // A task of a session that has ended (or not yet been confirmed after a pause) takes no executor. It is
                // Revoked, never started, so that a lost session's orphans tell it from the tasks that did start.
                if (request.Fence is { } fence && !await fence.WaitAsync(cancellationToken).ConfigureAwait(false))
                {
                    return TaskOutcome.Failure(OutcomeStatus.Revoked, $"{request.TypeName} was not started: its manager session has ended", _options.Node);
                }

                executor = await _slots.AcquireAsync(front, cancellationToken, giveBack).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (giveBack.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return GivenBack(request);
            }
            catch (OperationCanceledException)
            {
                return TaskOutcome.Failure(OutcomeStatus.Cancelled, $"{request.TypeName} was cancelled before it started", _options.Node);
            }
            catch (ObjectDisposedException)
            {
                return TaskOutcome.Failure(OutcomeStatus.Failed, "the worker is shutting down", _options.Node);
            }

            if (_logger.IsEnabled(LogLevel.Debug))
            {
                var safeTypeName = PeerText.Escape(request.TypeName);
                ExecutorLog.TaskRunning(_logger, request.Id, safeTypeName, executor.Name, executor.ProcessId);
            }

            var run = await executor.RunAsync(request, mayGiveBack: !ran, giveBack, cancellationToken).ConfigureAwait(false);
            Return(executor, run.Fate, run.RunTime);
            switch (run.Fate)
            {
                case ExecutorFate.NotStarted when cancellationToken.IsCancellationRequested:
                    return TaskOutcome.Failure(OutcomeStatus.Cancelled, $"{request.TypeName} was cancelled before it started", _options.Node);
                case ExecutorFate.NotStarted when request.Fence is { MayStart: false }:
                    front = true; // its session closed between the check above and the executor's: the check decides
                    continue;
                case ExecutorFate.NotStarted when !ran:
                    return run.Outcome; // Revoked, saying why: its assigner places it again, and it is no attempt
                case ExecutorFate.NotStarted:
                    front = true; // its executor died before its retry started
                    continue;
                case ExecutorFate.Crashed when attempt >= _options.PoisonAttempts:
                    return ExecutorProcess.Crashed(request.TypeName, attempt, run.Outcome.ExitDescription ?? "no details", executor.Name);
                case ExecutorFate.Crashed:
                    ExecutorLog.CrashRetry(_logger, PeerText.Escape(request.TypeName), executor.Name, PeerText.Escape(run.Outcome.ErrorMessage, PeerText.MaxReasonLength));
                    ran = true;
                    front = true;
                    attempt++;
                    continue;
                default:
                    return run.Outcome;
            }
        }
    }

    private TaskOutcome GivenBack(TaskRequest request) =>
        TaskOutcome.Failure(OutcomeStatus.Revoked, $"{request.TypeName} was given back before it started", _options.Node);

    /// <summary>
    /// A task is done with its executor: the place goes to the next task, and an executor gone (or killed) is
    /// replaced. An executor that fell idle with nothing waiting has the tasks queued behind long ones elsewhere given back.
    /// </summary>
    private void Return(ExecutorProcess executor, ExecutorFate fate, TimeSpan? runTime)
    {
        if (fate is ExecutorFate.Crashed or ExecutorFate.Killed || executor.IsGone)
        {
            if (fate is ExecutorFate.Crashed or ExecutorFate.Killed)
            {
                _metrics?.ExecutorRestarted(fate == ExecutorFate.Killed ? "killed" : "crashed");
            }

            _slots.Remove(executor);
            var (gone, _) = _slots.Release(executor);
            _ = ReplaceAsync(executor, fate == ExecutorFate.Killed ? "killed (timeout or ignored cancel)" : "its process died");
            if (gone)
            {
                _ = RetireAsync(executor);
            }

            return;
        }

        if (runTime is { } ran)
        {
            _slots.SetDepth(_depth.Observe(ran));
        }

        var (drained, giveBackFrom) = _slots.Release(executor);
        if (drained)
        {
            _ = RetireAsync(executor);
            return;
        }

        GiveBackBehindLongTasks(giveBackFrom);

        ScheduleRecycling(executor);
    }
}
