namespace Argon.Protocol.Messages;

/// <summary>How a task ended. Each accepted task gets exactly one.</summary>
public enum OutcomeStatus : byte
{
    /// <summary>The task returned a result; the payload carries it.</summary>
    Succeeded = 1,

    /// <summary>The task threw; the error fields carry the remote exception.</summary>
    Faulted = 2,

    /// <summary>The task outlived its timeout.</summary>
    TimedOut = 3,

    /// <summary>The call was cancelled before the task finished.</summary>
    Cancelled = 4,

    /// <summary>Every attempt's worker was lost.</summary>
    WorkerLost = 5,

    /// <summary>The cluster could not run the task (unknown type, bad payload, shutting down).</summary>
    Failed = 6,

    /// <summary>
    /// Worker → manager only: the task was given back unstarted (after a Revoke, or on the worker's own account), so
    /// the manager places it again. Never reaches a client.
    /// </summary>
    Revoked = 7,

    /// <summary>
    /// The task crashed its executor process on every attempt (a poison task), or once where it was not tried again.
    /// <see cref="TaskOutcome.Attempts"/> and <see cref="TaskOutcome.ExitDescription"/> say how often and how the last one died.
    /// </summary>
    Crashed = 8,

    /// <summary>No task of the type named could be resolved where it was sent (not in a loaded task assembly).</summary>
    UnknownType = 9,
}
