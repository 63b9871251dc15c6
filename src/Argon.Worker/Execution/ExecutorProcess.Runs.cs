using Argon.Protocol;
using Argon.Protocol.Messages;
using Argon.Protocol.Messages.Validation;

namespace Argon.Worker.Execution;

/// <summary>
/// The tasks of one executor: one running and a few queued behind it (at most the pool's depth in all), which the
/// executor starts itself in order, each the moment the one before it ends. A task's run ends in exactly one
/// <see cref="ExecutorRun"/>: the executor's answer, a crash (the process died or stopped answering while it ran), a
/// kill (its timeout, or a cancel it ignored), or NotStarted (given back, or its executor died while it waited).
/// </summary>
internal sealed partial class ExecutorProcess
{
    private readonly Lock _runs = new();
    private PendingRun? _running;
    private readonly List<PendingRun> _queued = [];
    private bool _giveBackWanted;
    private long _nextId;

    /// <summary>
    /// Sends the task and returns how it ended: it starts at once on an idle executor, or after the running one.
    /// Its timeout counts from its start. <paramref name="revoked"/> gives it back while it is queued; so does
    /// <see cref="GiveBackQueued"/> when <paramref name="mayGiveBack"/> (not for a task that has run before).
    /// The caller never gives an executor more than its depth of tasks at once (<see cref="ExecutorSlots{T}"/>).
    /// </summary>
    public async Task<ExecutorRun> RunAsync(TaskRequest request, bool mayGiveBack, CancellationToken revoked, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return new ExecutorRun(TaskOutcome.Failure(OutcomeStatus.Cancelled, $"{request.TypeName} was cancelled before it started", Name), ExecutorFate.Healthy);
        }

        using var pending = new PendingRun(Interlocked.Increment(ref _nextId), request, mayGiveBack);
        var assign = new Assign { Id = pending.Id, TypeName = request.TypeName, Kind = request.Kind, Payload = request.Payload, Code = request.Code, TraceParent = request.TraceParent, TraceState = request.TraceState };
        lock (_runs)
        {
            if (_queued.Count + (_running is null ? 0 : 1) >= PipelineDepthPolicy.MaxDepth)
            {
                throw new InvalidOperationException($"executor {Name} already holds {PipelineDepthPolicy.MaxDepth} tasks");
            }

            if (request.Fence is { MayStart: false })
            {
                // Its session ended, or a pause must be confirmed first, between the pool's check and now.
                pending.Finish(NotStarted(pending, "its manager session had to be confirmed first"));
            }
            else if (IsGone || !_frames!.Send(assign))
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
                _queued.Add(pending);
                if (_giveBackWanted && mayGiveBack)
                {
                    _giveBackWanted = false;
                    _frames.Send(new Revoke { Ids = [pending.Id] });
                }
            }
        }

        using var onCancel = cancellationToken.Register(() => Cancel(pending));
        using var onRevoke = revoked.Register(() => GiveBack(pending));
        return await pending.Result.ConfigureAwait(false);
    }

    /// <summary>
    /// Gives back the queued tasks that may be (each comes back NotStarted unless it has started meanwhile): a sibling
    /// executor fell idle while they wait behind a running task of unknown length. With none queued, the next one on
    /// its way here (its place taken, its Assign not yet sent) is given back as soon as it is sent, until the running
    /// task ends; only that one, so a task is not sent back and forth while nothing else is free.
    /// </summary>
    public void GiveBackQueued()
    {
        lock (_runs)
        {
            if (_queued.Count == 0)
            {
                _giveBackWanted = _running is not null;
                return;
            }

            var ids = _queued.Where(q => q.MayGiveBack).Select(q => q.Id).ToArray();
            if (ids.Length > 0)
            {
                _frames?.Send(new Revoke { Ids = ids });
            }
        }
    }

    /// <summary>How long the running task has run, or null when none runs.</summary>
    public TimeSpan? RunningFor
    {
        get
        {
            lock (_runs)
            {
                return _running is { } running ? System.Diagnostics.Stopwatch.GetElapsedTime(running.StartedAt) : null;
            }
        }
    }

    private void GiveBack(PendingRun pending)
    {
        lock (_runs)
        {
            if (_queued.Contains(pending))
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
                ArmGrace(pending);
            }
        }
    }

    /// <summary>The task starts: its timeout runs from now, and a cancel sent while it waited gets its grace from now.</summary>
    private void Begin(PendingRun pending)
    {
        TasksRun++;
        _options.Occupancy.Started();
        pending.StartedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        if (pending.Request.Timeout is { } limit)
        {
            pending.ArmTimeout(limit, () => Kill(pending, TaskOutcome.Failure(OutcomeStatus.TimedOut,
                $"{pending.Request.TypeName} outlived its timeout of {limit.TotalMilliseconds:0} ms; its executor was killed and replaced", Name)));
        }

        if (pending.CancelRequested)
        {
            ArmGrace(pending);
        }
    }

    /// <summary>A cancelled task that has started gets the grace to stop on its own, then its executor is killed.</summary>
    private void ArmGrace(PendingRun pending) =>
        pending.ArmGrace(_options.CancelGrace, () => Kill(pending, TaskOutcome.Failure(OutcomeStatus.Cancelled,
            $"{pending.Request.TypeName} did not stop within {_options.CancelGrace.TotalSeconds:0.#} s of being cancelled; its executor was killed", Name)));

    /// <summary>An answer: for the running task (and the next queued one starts), or for a queued one given back or cancelled before it started.</summary>
    private void OnComplete(Complete complete)
    {
        PendingRun? ended = null;
        ExecutorRun? run = null;
        lock (_runs)
        {
            if (_running is { } running && running.Id == complete.Id)
            {
                // Revoked comes only for a task that never started (given back just before its turn came).
                (ended, run) = (running, complete.Outcome.Status == OutcomeStatus.Revoked
                    ? new ExecutorRun(complete.Outcome, ExecutorFate.NotStarted)
                    : new ExecutorRun(complete.Outcome, ExecutorFate.Healthy, System.Diagnostics.Stopwatch.GetElapsedTime(running.StartedAt)));
                running.Claim();
                _giveBackWanted = false;
                _running = null;
                _options.Occupancy.Ended();

                // Being killed, the executor starts nothing more: its queued tasks come back NotStarted when it is gone.
                if (Volatile.Read(ref _killed) == 0 && _queued.Count > 0)
                {
                    _running = _queued[0];
                    _queued.RemoveAt(0);
                    Begin(_running);
                }
            }
            else if (_queued.FindIndex(q => q.Id == complete.Id) is var index and >= 0)
            {
                ended = _queued[index];
                _queued.RemoveAt(index);
                run = new ExecutorRun(complete.Outcome,
                    complete.Outcome.Status == OutcomeStatus.Revoked ? ExecutorFate.NotStarted : ExecutorFate.Healthy);
                ended.Claim();
            }

            // Anything else answers a task already ended here (killed for its timeout, say): nothing waits for it.
        }

        // Outside the lock: the waiting caller goes on from here, on this thread, to hand the place to the next task.
        if (ended is not null)
        {
            ended.Finish(run!);
        }
    }

    /// <summary>The process is gone: the running task crashed it; the queued ones never started.</summary>
    private void OnGone()
    {
        PendingRun? running;
        PendingRun[] queued;
        lock (_runs)
        {
            (running, queued) = (_running, [.. _queued]);
            if (_running is not null)
            {
                _options.Occupancy.Ended();
            }

            _running = null;
            _queued.Clear();
        }

        if (running is not null)
        {
            var exitCode = _process.HasExited ? _process.ExitCode : (int?)null;
            var cause = Volatile.Read(ref _killed) == 1 && exitCode is null or 137
                ? "the executor stopped answering and was killed"
                : CrashCause.Describe(exitCode, _stderr.Lines);
            running.Finish(new ExecutorRun(Crashed(running.Request.TypeName, attempts: 1, cause, Name), ExecutorFate.Crashed));
        }

        foreach (var waiting in queued)
        {
            waiting.Finish(NotStarted(waiting, "its executor died before it started"));
        }
    }

    /// <summary>The outcome of a task that crashed its executor on each of <paramref name="attempts"/>, the last one as <paramref name="exit"/> says.</summary>
    internal static TaskOutcome Crashed(string typeName, int attempts, string exit, string node)
    {
        var message = attempts == 1
            ? $"{typeName} crashed its executor process ({exit})"
            : $"{typeName} crashed its executor on {attempts} attempts and is not tried again (a poison task). Last: {exit}";
        return new TaskOutcome
        {
            Status = OutcomeStatus.Crashed,
            ErrorMessage = PeerText.FitMultiline(message, MessageLimits.MaxErrorMessageLength),
            Node = node,
            Attempts = attempts,
            ExitDescription = PeerText.FitLine(exit, MessageLimits.MaxReasonLength),
        };
    }

    private ExecutorRun NotStarted(PendingRun pending, string why) =>
        new(TaskOutcome.Failure(OutcomeStatus.Revoked, $"{pending.Request.TypeName} did not start: {why}", Name), ExecutorFate.NotStarted);

    /// <summary>
    /// A task sent to the executor. Its outcome is decided under the executor's lock (<see cref="Claim"/>: a late
    /// timer then kills nothing) and handed to the waiting caller outside it, which goes on synchronously from there.
    /// </summary>
    private sealed class PendingRun(long id, TaskRequest request, bool mayGiveBack) : IDisposable
    {
        private readonly TaskCompletionSource<ExecutorRun> _result = new();
        private Timer? _timeout;
        private Timer? _grace;

        public long Id { get; } = id;

        public TaskRequest Request { get; } = request;

        /// <summary>Whether an idle sibling may take it back while it is queued (not once it has run and crashed an executor).</summary>
        public bool MayGiveBack { get; } = mayGiveBack;

        public bool CancelRequested { get; set; }

        /// <summary>When it started, as the worker saw it (the answer to the task before it arrived).</summary>
        public long StartedAt { get; set; }

        /// <summary>True once its outcome is decided (set under the executor's lock).</summary>
        public bool IsClaimed { get; private set; }

        public Task<ExecutorRun> Result => _result.Task;

        public void Claim() => IsClaimed = true;

        public void Finish(ExecutorRun run)
        {
            IsClaimed = true;
            _result.TrySetResult(run);
        }

        /// <summary>Kills the task when it outlives its timeout; armed when it starts (under the executor's lock).</summary>
        public void ArmTimeout(TimeSpan after, Action onElapsed) => _timeout ??= OneShot(after, onElapsed);

        /// <summary>Kills a cancelled task that has not stopped within the grace; armed once it is both cancelled and started.</summary>
        public void ArmGrace(TimeSpan after, Action onElapsed) => _grace ??= OneShot(after, onElapsed);

        /// <summary>Stops the timers. One already firing finds the run claimed and kills nothing.</summary>
        public void Dispose()
        {
            _timeout?.Dispose();
            _grace?.Dispose();
        }

        private static Timer OneShot(TimeSpan after, Action onElapsed) =>
            new(static state => ((Action)state!)(), onElapsed, after, System.Threading.Timeout.InfiniteTimeSpan);
    }
}
