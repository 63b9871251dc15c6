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

    /// <summary>Runs the task, waiting for a free slot first. Never throws for anything the task does.</summary>
    Task<TaskOutcome> RunAsync(TaskRequest request, CancellationToken cancellationToken);
}
