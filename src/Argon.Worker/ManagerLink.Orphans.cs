using Argon.Protocol.Messages;

namespace Argon.Worker;

/// <summary>
/// A worker serving several managers outlives the loss of one: the lost session's started tasks run on as orphans,
/// and a surviving manager attaches the resubmitted calls to them (docs/decisions.md, "No work done twice when a
/// manager dies").
/// </summary>
internal sealed partial class ManagerLink
{
    /// <summary>
    /// The session has ended: with several managers, the manager lost (no Goodbye), the worker not stopping and another
    /// session live, its tasks become orphans (those not started are given back and dropped) and the outcomes it sent
    /// lately are kept. False when none of that holds: the caller cancels the tasks, as a single manager's link does.
    /// </summary>
    private bool AdoptOrphans(Session session, CancellationToken stoppingToken)
    {
        if (several is null || session.SaidGoodbye || stoppingToken.IsCancellationRequested || !several.Orphans.HasLiveSessions)
        {
            return false;
        }

        var adopted = session.Running.Adopt();
        several.Orphans.Adopt(adopted, session.Sent!.Recent());
        foreach (var task in adopted)
        {
            // Asked back only now that the table holds them: one not started ends Revoked (released) at once.
            // A task whose client gave no call id cannot be attached, so it is not kept running.
            RunningTasks.Fire(task.CallId is null ? task.Cancellation : task.Revocation);
        }

        if (adopted.Count > 0)
        {
            WorkerLog.Orphaned(logger, Manager, adopted.Count);
        }

        return true;
    }

    /// <summary>A task of this session ended: its Complete goes to the manager, or, if the session was lost first, to the orphan table.</summary>
    private void Finish(Session session, LinkTask task, long id, TaskOutcome outcome, int managerMaxFrameSize)
    {
        if (task.TryFinish())
        {
            // A Complete over the manager's limit would close this connection and lose every task on it. After the
            // session's end, nobody hears it: frames belongs to this session alone, never to the next connection.
            session.Frames.Send(new Complete { Id = id, Outcome = OutcomeLimit.Fit(outcome, managerMaxFrameSize, "the manager") });
            if (task.CallId is { } sentCallId && outcome.Status != OutcomeStatus.Revoked)
            {
                session.Sent?.Add(sentCallId, outcome);
            }
        }
        else if (task.CallId is { } callId)
        {
            several?.Orphans.Finish(callId, outcome);
        }
    }

    /// <summary>
    /// The manager's task <paramref name="id"/> is the call this worker holds as an orphan: its outcome is this task's,
    /// at once if it has ended. Not held (any more): answered Revoked, and the manager runs it as usual.
    /// </summary>
    private void Attach(Session session, long id, Guid callId, int managerMaxFrameSize)
    {
        var task = session.Running.Add(id, callId, new CancellationTokenSource(), new CancellationTokenSource());
        void Deliver(TaskOutcome outcome)
        {
            Finish(session, task, id, outcome, managerMaxFrameSize);
            session.Running.Remove(id);
        }

        if (several!.Orphans.Attach(callId, Deliver) is { } orphan)
        {
            // A Cancel of this task cancels the execution; a Revoke is ignored, as for any task that has started.
            task.Cancellation.Token.Register(orphan.Cancel);
        }
        else
        {
            Deliver(TaskOutcome.Failure(OutcomeStatus.Revoked, "the worker holds no execution of this call", _options.Node));
        }
    }
}
