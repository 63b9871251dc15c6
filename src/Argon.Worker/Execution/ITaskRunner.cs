using Argon.Protocol.Messages;

namespace Argon.Worker.Execution;

/// <summary>
/// Where a worker's tasks run. The worker asks for one outcome per task and never sees how it is produced;
/// this is the seam the executor-process pool slots into.
/// </summary>
internal interface ITaskRunner
{
    /// <summary>How many tasks run at once; what the worker registers with its manager.</summary>
    int Capacity { get; }

    /// <summary>
    /// Runs the task, waiting for a free slot first. Never throws for anything the task does. An outcome with status
    /// Revoked means the task never started and is the caller's to place again, with no attempt spent: it was given
    /// back (by <paramref name="revoked"/>, or because it waited behind a long task while an executor fell idle),
    /// or the executor it waited in died before its turn.
    /// </summary>
    /// <param name="request">The task.</param>
    /// <param name="revoked">Fired before the task starts (while it waits for an executor, or waits queued in one), it gives the task back unstarted (status Revoked); ignored once it runs.</param>
    /// <param name="cancellationToken">Cancels the task, waiting or running.</param>
    Task<TaskOutcome> RunAsync(TaskRequest request, CancellationToken revoked, CancellationToken cancellationToken);
}
