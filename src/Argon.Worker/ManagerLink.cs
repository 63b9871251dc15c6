using Argon.Protocol;
using Argon.Protocol.Messages;
using Argon.Protocol.Security;
using Argon.Protocol.Transport;
using Argon.Worker.Execution;
using Argon.Worker.Shipping;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Argon.Worker;

/// <summary>
/// The worker's connection to one manager: connects (with capped exponential backoff and jitter), registers its
/// capacity, runs every Assign and answers with Complete. On a lost connection its running tasks are cancelled
/// (the manager re-dispatches them) and it connects again. On shutdown it drains first (ManagerLink.Drain.cs).
/// Each connection is a session, fenced (<see cref="SessionFence"/>): once it has ended, or after a pause of the
/// worker until the manager confirms it, none of its tasks starts; a new connection is a new session, and the old
/// one's outcomes are never sent on it. A worker serving several managers runs one link for each
/// (<see cref="ManagerLinks"/>), all on the same executors: then each registers the share of them its manager may
/// use (<see cref="CapacityShares"/>), gives back the tasks that wait too long for an executor, and tells each
/// manager which of the others it reaches (<see cref="PeerReachability"/>); and a session whose manager is lost while
/// another is connected leaves its started tasks running as orphans (ManagerLink.Orphans.cs).
/// </summary>
internal sealed partial class ManagerLink(
    ManagerEndpoint endpoint, WorkerOptions options, KeyRing keys, ITaskRunner runner, TaskExecution execution, ShippedCodeGate shipped,
    PauseWatch pauses, IHostApplicationLifetime lifetime, ILogger logger, SeveralManagers? several, PeerReachability.Link? peers = null)
{
    private readonly CapacityShares? _shares = several?.Shares;
    private readonly WorkerOptions _options = options;
    private readonly ManagerEndpoint _endpoint = endpoint;

    private string Manager { get; } = endpoint.ToString();

    /// <summary>Connects, serves and reconnects until the worker stops.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            SecureChannel channel;
            try
            {
                channel = await SecureConnector.ConnectAsync(_endpoint.Host, _endpoint.Port, keys, PeerRole.Worker, _options.Node, stoppingToken)
                    .ConfigureAwait(false);
                failures = 0;
            }
            catch (KeyProofException ex)
            {
                if (logger.IsEnabled(LogLevel.Critical))
                {
                    var safeMessage = PeerText.Escape(ex.Message, PeerText.MaxReasonLength);
                    WorkerLog.Refused(logger, Manager, safeMessage);
                }

                Environment.ExitCode = 2; // a configuration error: the key does not match the manager's
                lifetime.StopApplication();
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                var delay = ReconnectDelay(++failures);
                WorkerLog.ManagerUnreachable(logger, Manager, PeerText.Escape(ex.Message, PeerText.MaxReasonLength), (int)delay.TotalMilliseconds);
                try
                {
                    await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            string reason;
            try
            {
                await using (channel.ConfigureAwait(false))
                {
                    reason = (await ServeAsync(channel, stoppingToken).ConfigureAwait(false)).Reason;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Whatever broke with this connection, the worker outlives it and connects again.
                reason = $"{ex.GetType().Name}: {ex.Message}";
            }

            if (stoppingToken.IsCancellationRequested)
            {
                WorkerLog.Stopping(logger, Manager);
                return;
            }

            var safeReason = PeerText.Escape(reason, PeerText.MaxReasonLength);
            if (reason.StartsWith(SaidGoodbye, StringComparison.Ordinal))
            {
                WorkerLog.ManagerLeft(logger, Manager, safeReason);
            }
            else
            {
                WorkerLog.ManagerLost(logger, Manager, safeReason);
            }

            if (!await WaitAfterGoodbyeAsync(reason, stoppingToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    private async Task<ConnectionEnd> ServeAsync(SecureChannel channel, CancellationToken stoppingToken)
    {
        var frames = new FrameConnection(channel.Pipe, Math.Max(channel.Welcome.MaxFrameSize, ProtocolConstants.DefaultMaxFrameSize), channel.Remote, _options.Heartbeat);
        var running = new RunningTasks();
        var session = new Session(frames, running, several is null ? null : new Failover.SentOutcomes(_options.Heartbeat.Timeout));
        using var connectionLost = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var fence = new SessionFence(pauses, stamp =>
        {
            WorkerLog.Paused(logger, Manager);
            frames.Send(new Heartbeat { Timestamp = stamp });
        });
        var fetcher = new CodeFetcher(shipped.Cache, m => frames.Send(m));
        // Alone, a link registers the whole capacity, as it always has; beside others, the share it is given.
        var share = _shares?.Join(() => running.Count, capacity => Register(frames, capacity), capacity => frames.Send(new Share { Capacity = capacity }));
        var registered = share?.Current ?? Register(frames, runner.Capacity);
        if (logger.IsEnabled(LogLevel.Information))
        {
            var safeNode = PeerText.Escape(channel.Welcome.Node);
            WorkerLog.Registered(logger, Manager, safeNode, _options.Node, registered);
        }

        // Beside other managers: this one hears at once which of them the worker reaches, and they hear that it is up.
        peers?.Up(report => frames.Send(report));
        Volatile.Write(ref _session, session);
        var orphanNews = several?.Orphans.Join(frames); // after Register: the manager hears of orphans only from a registered worker
        try
        {
            return await ReadAsync(frames, channel, session, fence, fetcher, connectionLost.Token, stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            // Nobody hears these outcomes on this connection now: the manager runs the tasks again elsewhere, or (a lost
            // manager beside others) another manager attaches their calls. The fence first, so
            // that nothing of this session starts any more, then the cancellations (the executors drop what they
            // hold; for a lost manager's session beside others, the give-backs of what has not started, while what
            // has started runs on as orphans), and only then are the executors probed again (a paused one starts
            // nothing before that).
            fence.End();
            orphanNews?.Dispose();
            if (share is not null)
            {
                _shares!.Leave(share);
            }

            peers?.Down();

            Interlocked.CompareExchange(ref _session, null, session);
            session.Ended.TrySetResult();
            if (!AdoptOrphans(session, stoppingToken))
            {
                await connectionLost.CancelAsync().ConfigureAwait(false);
            }

            fence.Retire();
        }
    }

    private int Register(FrameConnection frames, int capacity)
    {
        frames.Send(new Register
        {
            NodeId = _options.Node, Capacity = capacity, AllowEval = _options.AllowEval,
            Version = ProtocolConstants.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        return capacity;
    }

    private Task<ConnectionEnd> ReadAsync(
        FrameConnection frames, SecureChannel channel, Session session, SessionFence fence, CodeFetcher fetcher, CancellationToken connectionLost,
        CancellationToken stoppingToken)
    {
        var running = session.Running;
        var maxFrameSize = channel.Welcome.MaxFrameSize;
        return frames.RunAsync(message =>
        {
            switch (message)
            {
                case Assign { CallId: { } callId } assign when several is not null && several.Orphans.Holds(callId):
                    Attach(session, assign.Id, callId, maxFrameSize); // a call it runs already for a lost manager
                    break;
                case Assign assign:
                    _ = RunAsync(session, assign, fence, fetcher, maxFrameSize, connectionLost);
                    break;
                case Attach attach when several is not null:
                    Attach(session, attach.Id, attach.CallId, maxFrameSize);
                    break;
                case Code code:
                    fetcher.Deliver(code);
                    break;
                case Cancel cancel:
                    running.Cancel(cancel.Id);
                    break;
                case Revoke revoke:
                    foreach (var id in revoke.Ids)
                    {
                        running.Revoke(id);
                    }

                    break;
                case Heartbeat { IsReply: false } heartbeat:
                    frames.Send(heartbeat.Reply());
                    break;
                case Heartbeat { IsReply: true } reply:
                    fence.Confirm(reply.Timestamp);
                    break;
                case Drain:
                    session.DrainAcknowledged.TrySetResult();
                    break;
                case Goodbye goodbye:
                    // The manager is going and sends nothing more; it waits for this side to close, so nothing is reset.
                    session.SaidGoodbye = true;
                    frames.End($"{SaidGoodbye}: {goodbye.Reason}");
                    break;
                default:
                    throw new ProtocolException($"a manager may not send {message.Type} to a worker");
            }

            return ValueTask.CompletedTask;
        }, stoppingToken);
    }

    private async Task RunAsync(
        Session session, Assign assign, SessionFence fence, CodeFetcher fetcher, int managerMaxFrameSize, CancellationToken connectionLost)
    {
        var running = session.Running;
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(connectionLost);
        using var revocation = new CancellationTokenSource();
        if (_shares?.GiveBackAfter is { } bound)
        {
            // Beside other managers: a task that cannot start within the bound goes back to its manager, to be placed elsewhere.
            revocation.CancelAfter(bound);
        }

        var task = running.Add(assign.Id, assign.CallId, cancellation, revocation);
        try
        {
            var timeout = assign.TimeoutMs > 0 ? TimeSpan.FromMilliseconds(assign.TimeoutMs) : _options.TaskTimeout;
            var request = new TaskRequest(assign.TypeName, assign.Kind, assign.Payload, timeout, assign.Code) { Id = assign.Id, Fence = fence, TraceParent = assign.TraceParent, TraceState = assign.TraceState };
            var outcome = await execution.RunAsync(request, fetcher, revocation.Token, cancellation.Token).ConfigureAwait(false);
            Finish(session, task, assign.Id, outcome, managerMaxFrameSize);
        }
        finally
        {
            running.Remove(assign.Id);
        }
    }

    /// <summary>Capped exponential backoff with full jitter: 100 ms, 200 ms, 400 ms … up to the cap.</summary>
    private TimeSpan ReconnectDelay(int failures)
    {
        var ceiling = Math.Min(_options.MaxReconnectDelay.TotalMilliseconds, 100 * Math.Pow(2, Math.Min(failures - 1, 16)));
        return TimeSpan.FromMilliseconds(ceiling / 2 + Random.Shared.NextDouble() * ceiling / 2);
    }
}
