using System.Diagnostics;
using System.Net.Sockets;
using Argon.Protocol.Diagnostics;
using Argon.Protocol;
using Argon.Protocol.Messages;
using Argon.Protocol.Transport;

namespace Argon.Executor.Hosting;

/// <summary>
/// The executor process's main loop: connects to its worker's local socket, proves the token it was started
/// with, then runs one task at a time and answers each with its outcome. The worker may send the next task while
/// one runs: it waits here and starts the moment the running one is answered, until then the worker can take it
/// back (Revoke) or cancel it. It holds no key file: the worker's socket lives in a directory only the worker's
/// user can open, and the token is single-use.
/// </summary>
public sealed class ExecutorHost(TaskInvoker invoker)
{
    private const int MaxQueued = ProtocolConstants.MaxExecutorQueue;

    private readonly Lock _gate = new();
    private PauseGate _pauses = null!; // one per RunAsync, which disposes it
    private Running? _running;
    /// <summary>
    /// Tasks waiting to start, in order: as many as the worker keeps queued here, and one more in the moment between
    /// a task's Complete being queued and written (the worker, having read it, may already have sent the next).
    /// </summary>
    private readonly List<Assign> _queued = [];

    /// <summary>Serves the worker until it says Goodbye or the socket closes. Returns the process exit code.</summary>
    public async Task<int> RunAsync(string socketPath, string token, CancellationToken cancellationToken = default)
    {
        using var pauses = new PauseGate();
        _pauses = pauses;

        // Warm up before connecting: the worker gives a connection the handshake deadline (10 s) to say Ready, and on a
        // heavily loaded machine compiling the task path can take longer than that. The worker's own bound on a start
        // (ExecutorPoolOptions.StartTimeout, 30 s) covers the warm-up from the process start.
        await ExecutorWarmUp.RunAsync().ConfigureAwait(false);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
        var stream = new NetworkStream(socket, ownsSocket: true);
        await using var _ = stream.ConfigureAwait(false);
        using var retired = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var frames = new FrameConnection(DuplexPipe.Over(stream), ProtocolConstants.DefaultMaxFrameSize, "worker");
        frames.Send(new ExecutorReady { Token = token, ProcessId = Environment.ProcessId });
        var end = await frames.RunAsync(message =>
        {
            switch (message)
            {
                case Assign assign:
                    Accept(frames, assign);
                    break;
                case Cancel cancel:
                    Cancel(frames, cancel.Id);
                    break;
                case Revoke revoke:
                    GiveBack(frames, revoke.Ids);
                    break;
                case Heartbeat { IsReply: false } heartbeat:
                    frames.Send(heartbeat.Reply());
                    Resume(frames, heartbeat.Timestamp);
                    break;
                case Goodbye:
                    retired.Cancel();
                    break;
                default:
                    throw new ProtocolException($"an executor does not accept {message.Type}");
            }

            return ValueTask.CompletedTask;
        }, retired.Token).ConfigureAwait(false);
        return end.IsFault ? 1 : 0;
    }

    private void Accept(FrameConnection frames, Assign assign)
    {
        lock (_gate)
        {
            if (_running is null && !_pauses.IsClosed)
            {
                Start(frames, assign);
            }
            else if (_queued.Count < MaxQueued)
            {
                _queued.Add(assign);
            }
            else
            {
                throw new ProtocolException($"an executor holds at most {MaxQueued} tasks waiting to start");
            }
        }
    }

    /// <summary>Cancels the running task, or drops the queued one with a Cancelled answer; an id it no longer holds is ignored.</summary>
    private void Cancel(FrameConnection frames, long id)
    {
        Running? toCancel = null;
        lock (_gate)
        {
            if (_running is { } running && running.Id == id)
            {
                toCancel = running;
            }
            else if (_queued.FindIndex(q => q.Id == id) is var index and >= 0)
            {
                var queued = _queued[index];
                _queued.RemoveAt(index);
                frames.Send(new Complete { Id = id, Outcome = TaskOutcome.Failure(OutcomeStatus.Cancelled, $"{queued.TypeName} was cancelled before it started", invoker.Node) });
            }
        }

        // Outside the lock: the task's own cancellation callbacks run here.
        try
        {
            toCancel?.Cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // It ended meanwhile.
        }
    }

    /// <summary>Gives back the queued task if it is one of <paramref name="ids"/>; a task that has started runs on.</summary>
    private void GiveBack(FrameConnection frames, long[] ids)
    {
        lock (_gate)
        {
            foreach (var queued in _queued.Where(q => ids.Contains(q.Id)).ToArray())
            {
                _queued.Remove(queued);
                frames.Send(new Complete { Id = queued.Id, Outcome = TaskOutcome.Failure(OutcomeStatus.Revoked, $"{queued.TypeName} was given back before it started", invoker.Node) });
            }
        }
    }

    /// <summary>A probe from the worker stamped after a pause: the tasks held since start again, in order.</summary>
    private void Resume(FrameConnection frames, long timestamp)
    {
        lock (_gate)
        {
            if (_pauses.OnProbe(timestamp) && _running is null && _queued.Count > 0)
            {
                var next = _queued[0];
                _queued.RemoveAt(0);
                Start(frames, next);
            }
        }
    }

    /// <summary>
    /// Starts running from an idle state: the task, and then each one queued meanwhile, run one after another on
    /// one thread-pool flow, away from the reader (which must stay free to hear a Cancel or a heartbeat).
    /// </summary>
    private void Start(FrameConnection frames, Assign assign)
    {
        var running = new Running(assign.Id);
        _running = running;
        _ = Task.Run(() => RunInTurnAsync(frames, assign, running), CancellationToken.None);
    }

    /// <summary>
    /// Runs tasks in turn until none is queued. Each answer is written out before the next task starts: should that
    /// one kill the process at once, the worker still learns that this one finished, and blames only the next. The
    /// answer is usually written on this thread (<see cref="FrameConnection.SendFlushedAsync"/>), so back-to-back
    /// tasks run without a thread hand-off between them.
    /// </summary>
    private async Task RunInTurnAsync(FrameConnection frames, Assign assign, Running running)
    {
        while (true)
        {
            if (Unstarted(frames, assign, running))
            {
                return;
            }

            // The run's span (when something listens), current while the task runs: its own spans and logs join the trace.
            var activity = ArgonActivity.StartDetached(ArgonActivity.ExecutorRun, ActivityKind.Internal, assign.TraceParent, assign.TraceState, assign.TypeName);
            if (activity is not null)
            {
                Activity.Current = activity;
            }

            TaskOutcome outcome;
            try
            {
                outcome = await invoker.InvokeAsync(assign.TypeName, assign.Kind, assign.Payload, assign.Code, running.Cancellation.Token).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                outcome = TaskOutcome.Failure(OutcomeStatus.Failed, $"{assign.TypeName} could not be run: {ex.Message}", invoker.Node);
            }

            if (activity is not null)
            {
                ArgonActivity.SetOutcome(activity, outcome);
                activity.Stop(); // and Activity.Current is its parent again: none
            }

            // The worker closes a link that sends it an oversized frame: an oversized result fails this task instead.
            outcome = OutcomeLimit.Fit(outcome, ProtocolConstants.DefaultMaxFrameSize, "the worker's link to its executors");
            var answered = await frames.SendFlushedAsync(new Complete { Id = assign.Id, Outcome = outcome }).ConfigureAwait(false);
            lock (_gate)
            {
                _running = null;
                running.Cancellation.Dispose();
                // After a pause, what it holds waits for the worker's probe (Resume): it may have been cancelled meanwhile.
                if (!answered || _queued.Count == 0 || _pauses.IsClosed)
                {
                    return;
                }

                assign = _queued[0];
                _queued.RemoveAt(0);
                running = new Running(assign.Id);
                _running = running;
            }
        }
    }

    /// <summary>
    /// The last look before the task's body runs: if the executor was paused since it was picked (the pause may have
    /// struck in between), it goes back to the head of the line, to wait for the worker's probe (or its Cancel).
    /// </summary>
    private bool Unstarted(FrameConnection frames, Assign assign, Running running)
    {
        lock (_gate)
        {
            if (!_pauses.IsClosed)
            {
                return false;
            }

            _running = null;
            if (running.Cancellation.IsCancellationRequested)
            {
                frames.Send(new Complete { Id = assign.Id, Outcome = TaskOutcome.Failure(OutcomeStatus.Cancelled, $"{assign.TypeName} was cancelled before it started", invoker.Node) });
            }
            else
            {
                _queued.Insert(0, assign);
            }

            running.Cancellation.Dispose();
            return true;
        }
    }

    private sealed class Running(long id)
    {
        public long Id { get; } = id;

        public CancellationTokenSource Cancellation { get; } = new();
    }
}
