using Argon.Protocol.Messages;
using Argon.Protocol.Transport;

namespace Argon.Worker;

internal sealed partial class ManagerLink
{
    /// <summary>How a session the manager ended with Goodbye ends.</summary>
    private const string SaidGoodbye = "the manager said goodbye";

    private Session? _session;

    /// <summary>True while a session is up: connected, authenticated and registered with the manager.</summary>
    public bool IsRegistered => Volatile.Read(ref _session) is not null;

    /// <summary>
    /// A manager that said Goodbye is shutting down: connecting again at once would only meet it on its way out (and
    /// be reset when it exits), so the worker waits a while first. False when the worker itself is stopping.
    /// </summary>
    private async Task<bool> WaitAfterGoodbyeAsync(string reason, CancellationToken stoppingToken)
    {
        if (!reason.StartsWith(SaidGoodbye, StringComparison.Ordinal))
        {
            return true;
        }

        try
        {
            await Task.Delay(ReconnectDelay(5), stoppingToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// Graceful stop: tell the manager to send nothing more, let the running (and already assigned) tasks finish
    /// within the drain timeout, say Goodbye, and only then disconnect. Tasks still running at the bound are
    /// cancelled with the connection, and the manager runs them again elsewhere.
    /// </summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _session) is { } session)
        {
            await DrainAsync(session, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task DrainAsync(Session session, CancellationToken cancellationToken)
    {
        WorkerLog.Draining(logger, Manager, (int)_options.DrainTimeout.TotalMilliseconds, session.Running.Count);
        session.Frames.Send(new Drain { Reason = "the worker is shutting down" });
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(_options.DrainTimeout);
        try
        {
            // The manager's answering Drain means no Assign is still on its way, so "nothing running" is final.
            // A connection that ends meanwhile cancels whatever runs, and there is nobody left to wait for.
            var acknowledged = await Task.WhenAny(session.DrainAcknowledged.Task, session.Ended.Task).WaitAsync(bound.Token).ConfigureAwait(false);
            if (acknowledged == session.DrainAcknowledged.Task)
            {
                await Task.WhenAny(session.Running.WhenEmptyAsync(bound.Token), session.Ended.Task).Unwrap().WaitAsync(bound.Token).ConfigureAwait(false);
            }

            if (session.Ended.Task.IsCompleted)
            {
                return; // the connection is gone: its tasks were cancelled with it, and nobody hears a Goodbye
            }

            WorkerLog.Drained(logger, Manager);
        }
        catch (OperationCanceledException)
        {
            WorkerLog.DrainTimedOut(logger, session.Running.Count);
        }

        session.Frames.Send(new Goodbye { Reason = "the worker is shutting down" });
    }

    /// <summary>One connection to the manager: where to send, what runs, and whether the manager has stopped assigning.</summary>
    private sealed class Session(FrameConnection frames, RunningTasks running, Failover.SentOutcomes? sent)
    {
        public FrameConnection Frames { get; } = frames;

        public RunningTasks Running { get; } = running;

        /// <summary>The outcomes sent lately, with several managers (what the manager may not have got, if it is lost).</summary>
        public Failover.SentOutcomes? Sent { get; } = sent;

        /// <summary>The manager ended the session with Goodbye: it was not lost, and answered every call itself.</summary>
        public bool SaidGoodbye { get; set; }

        public TaskCompletionSource DrainAcknowledged { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>The connection is over (its running tasks were cancelled with it).</summary>
        public TaskCompletionSource Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
