using Argon.Protocol.Messages;

namespace Argon.Worker.Failover;

/// <summary>
/// A call the worker runs, or has run, for a manager it lost: its outcome once it has one, and the one delivery
/// waiting for it (a surviving manager's Attach). Guarded by the <see cref="OrphanTable"/>'s lock.
/// </summary>
internal sealed class Orphan(Guid callId, CancellationTokenSource? cancellation)
{
    public Guid CallId { get; } = callId;

    /// <summary>Its outcome, once it has ended (never Revoked: an orphan that never started is dropped).</summary>
    public TaskOutcome? Outcome { get; private set; }

    /// <summary>When it ended (<see cref="Environment.TickCount64"/>): kept for <see cref="OrphanTable.Keep"/> from then.</summary>
    public long FinishedAt { get; private set; }

    /// <summary>About how much memory its outcome holds, for the table's bound.</summary>
    public long Bytes { get; private set; }

    /// <summary>Where its outcome goes when it ends: the manager that attached it last.</summary>
    public Action<TaskOutcome>? Delivery { get; set; }

    public void Finish(TaskOutcome outcome, long now)
    {
        Outcome = outcome;
        FinishedAt = now;
        Bytes = 256 + outcome.Payload.Length + 2L * ((outcome.ErrorMessage?.Length ?? 0) + (outcome.ErrorStackTrace?.Length ?? 0));
    }

    /// <summary>Cancels its execution (the attached call was cancelled); nothing if it has ended.</summary>
    public void Cancel()
    {
        if (cancellation is not null)
        {
            RunningTasks.Fire(cancellation);
        }
    }
}
