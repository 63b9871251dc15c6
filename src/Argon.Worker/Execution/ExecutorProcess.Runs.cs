using Argon.Protocol.Messages;

namespace Argon.Worker.Execution;

/// <summary>
/// The tasks of one executor: one running and at most one queued behind it, which the executor starts itself the
/// moment the running one ends. A task's run ends in exactly one <see cref="ExecutorRun"/>: the executor's answer,
/// a crash (the process died or stopped answering while it ran), a kill (its timeout, or a cancel it ignored), or
/// NotStarted (withdrawn, or its executor died while it waited).
/// </summary>
internal sealed partial class ExecutorProcess
{
    private readonly Lock _runs = new();
    private PendingRun? _running;
    private PendingRun? _queued;
    private bool _withdrawWanted;
    private long _nextId;

    /// <summary>
    /// Sends the task and returns how it ended: it starts at once on an idle executor, or after the running one.
    /// Its timeout counts from its start. <paramref name="revoked"/> takes it back while it is queued.
    /// The caller never gives an executor more than two tasks at once (<see cref="ExecutorSlots{T}"/>).
    /// </summary>
    public async Task<ExecutorRun> RunAsync(TaskRequest request, CancellationToken revoked, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return new ExecutorRun(TaskOutcome.Failure(OutcomeStatus.Cancelled, $"{request.TypeName} was cancelled before it started", Name), ExecutorFate.Healthy);
        }

        using var pending = new PendingRun(Interlocked.Increment(ref _nextId), request);
        var assign = new Assign { Id = pending.Id, TypeName = request.TypeName, Kind = request.Kind, Payload = request.Payload, Code = request.Code };
        lock (_runs)
        {
            if (_queued is not null)
            {
                throw new InvalidOperationException($"executor {Name} already holds two tasks");
            }

            if (IsGone || !_frames!.Send(assign))
            {
                Volatile.Write(ref _disconnected, 1); // so the pool replaces it instead of handing it the task again
                pending.Finish(NotStarted(pending, "its executor had gone before the task was sent"));
            }
            else if (_running is null)
            {
                _running = pending;
                Begin(pending);
            }
            else
            {
                _queued = pending;
                if (_withdrawWanted)
                {
                    _withdrawWanted = false;
                    _frames.Send(new Revoke { Ids = [pending.Id] });
                }
            }
        }

        using var onTimeout = pending.Timeout.Token.Register(() => Kill(pending, TaskOutcome.Failure(OutcomeStatus.TimedOut,
            $"{request.TypeName} outlived its timeout of {request.Timeout?.TotalMilliseconds:0} ms; its executor was killed and replaced", Name)));
        using var onGraceOver = pending.Grace.Token.Register(() => Kill(pending, TaskOutcome.Failure(OutcomeStatus.Cancelled,
            $"{request.TypeName} did not stop within {_options.CancelGrace.TotalSeconds:0.#} s of being cancelled; its executor was killed", Name)));
        using var onCancel = cancellationToken.Register(() => Cancel(pending));
        using var onRevoke = revoked.Register(() => Withdraw(pending));
        return await pending.Result.ConfigureAwait(false);
    }

    /// <summary>
    /// Asks for the queued task back; it comes back NotStarted unless it has started meanwhile. One on its way here
    /// (its place taken, its Assign not yet sent) is asked back as soon as it is sent, until the running task ends.
    /// </summary>
    public void WithdrawQueued()
    {
        lock (_runs)
        {
            if (_queued is { } queued)
            {
                _frames?.Send(new Revoke { Ids = [queued.Id] });
            }
            else if (_running is not null)
            {
                _withdrawWanted = true;
            }
        }
    }

    private void Withdraw(PendingRun pending)
    {
        lock (_runs)
        {
            if (ReferenceEquals(_queued, pending))
            {
                _frames?.Send(new Revoke { Ids = [pending.Id] });
            }
        }
    }

    private void Cancel(PendingRun pending)
    {
        lock (_runs)
        {
            pending.CancelRequested = true;
            _frames?.Send(new Cancel { Id = pending.Id });
            if (ReferenceEquals(_running, pending))
            {
                pending.Grace.CancelAfter(_options.CancelGrace);
            }
        }
    }

    /// <summary>The task starts: its timeout runs from now, and a cancel sent while it waited gets its grace from now.</summary>
    private void Begin(PendingRun pending)
    {
        TasksRun++;
        if (pending.Request.Timeout is { } limit)
        {
            pending.Timeout.CancelAfter(limit);
        }

        if (pending.CancelRequested)
        {
            pending.Grace.CancelAfter(_options.CancelGrace);
        }
    }

    /// <summary>An answer: for the running task (and the queued one starts), or for a queued one given back or cancelled before it started.</summary>
    private void OnComplete(Complete complete)
    {
        lock (_runs)
        {
            if (_running is { } running && running.Id == complete.Id)
            {
                // Revoked comes only for a task that never started (given back just before its turn came).
                running.Finish(new ExecutorRun(complete.Outcome,
                    complete.Outcome.Status == OutcomeStatus.Revoked ? ExecutorFate.NotStarted : ExecutorFate.Healthy));
                _withdrawWanted = false;
                if (Volatile.Read(ref _killed) == 1)
                {
                    _running = null; // being killed: the queued task stays queued, and comes back NotStarted when the process is gone
                    return;
                }

                _running = _queued;
                _queued = null;
                if (_running is { } next)
                {
                    Begin(next);
                }
            }
            else if (_queued is { } queued && queued.Id == complete.Id)
            {
                _queued = null;
                queued.Finish(complete.Outcome.Status == OutcomeStatus.Revoked
                    ? new ExecutorRun(complete.Outcome, ExecutorFate.NotStarted)
                    : new ExecutorRun(complete.Outcome, ExecutorFate.Healthy));
            }

            // Anything else answers a task already ended here (killed for its timeout, say): nothing waits for it.
        }
    }

    /// <summary>The process is gone: the running task crashed it; the queued one never started.</summary>
    private void OnGone()
    {
        PendingRun? running, queued;
        lock (_runs)
        {
            (running, queued) = (_running, _queued);
            (_running, _queued) = (null, null);
        }

        if (running is not null)
        {
            var exitCode = _process.HasExited ? _process.ExitCode : (int?)null;
            var cause = Volatile.Read(ref _killed) == 1 && exitCode is null or 137
                ? "the executor stopped answering and was killed"
                : CrashCause.Describe(exitCode, _stderr.Lines);
            running.Finish(new ExecutorRun(
                TaskOutcome.Failure(OutcomeStatus.Failed, $"{running.Request.TypeName} crashed its executor process ({cause})", Name),
                ExecutorFate.Crashed));
        }

        queued?.Finish(NotStarted(queued, "its executor died before it started"));
    }

    private ExecutorRun NotStarted(PendingRun pending, string why) =>
        new(TaskOutcome.Failure(OutcomeStatus.Revoked, $"{pending.Request.TypeName} did not start: {why}", Name), ExecutorFate.NotStarted);

    private sealed class PendingRun(long id, TaskRequest request) : IDisposable
    {
        private readonly TaskCompletionSource<ExecutorRun> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long Id { get; } = id;

        public TaskRequest Request { get; } = request;

        /// <summary>Fires when the task outlives its timeout (armed when it starts).</summary>
        public CancellationTokenSource Timeout { get; } = new();

        /// <summary>Fires when a cancelled task has not stopped within the grace (armed once it is both cancelled and started).</summary>
        public CancellationTokenSource Grace { get; } = new();

        public bool CancelRequested { get; set; }

        public Task<ExecutorRun> Result => _result.Task;

        public void Finish(ExecutorRun run) => _result.TrySetResult(run);

        public void Dispose()
        {
            Timeout.Dispose();
            Grace.Dispose();
        }
    }
}
