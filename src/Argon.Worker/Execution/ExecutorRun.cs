using Argon.Protocol.Messages;

namespace Argon.Worker.Execution;

/// <summary>What came of giving one task to one executor; <paramref name="RunTime"/> is how long it ran, when it was answered.</summary>
internal sealed record ExecutorRun(TaskOutcome Outcome, ExecutorFate Fate, TimeSpan? RunTime = null);

/// <summary>Whether the executor survived the task, and whether the task ran at all.</summary>
internal enum ExecutorFate
{
    /// <summary>It answered; it can take the next task.</summary>
    Healthy,

    /// <summary>The task crashed the process (or it stopped answering).</summary>
    Crashed,

    /// <summary>It was killed on purpose: the task outlived its timeout or ignored a cancel.</summary>
    Killed,

    /// <summary>
    /// The task never started: it was given back while queued in the executor, or the executor died (or was gone)
    /// before its turn. It is no attempt of the task's; whether the executor lives on, its IsGone says.
    /// </summary>
    NotStarted,
}
