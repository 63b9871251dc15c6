namespace Argon;

/// <summary>
/// The task crashed the executor process that ran it (stack overflow, <c>Environment.FailFast</c>, a native crash, out
/// of memory, or an executor that stopped answering): on every attempt, so it is a poison task and was not tried again.
/// The worker replaced the executor and carried on; the task never returned, so there is no remote exception.
/// </summary>
public sealed class ArgonTaskCrashedException : ArgonException
{
    /// <summary>Creates the exception for a task that crashed its executor on <paramref name="node"/> <paramref name="attempts"/> times.</summary>
    public ArgonTaskCrashedException(string message, string? node, int attempts, string? exitDescription)
        : base(message)
    {
        Node = node;
        Attempts = attempts;
        ExitDescription = exitDescription;
    }

    /// <summary>Creates the exception with a default message.</summary>
    public ArgonTaskCrashedException()
        : this("The task crashed its executor process.", null, 0, null)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ArgonTaskCrashedException(string message)
        : this(message, null, 0, null)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public ArgonTaskCrashedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The executor (worker node and executor number) the last attempt crashed.</summary>
    public string? Node { get; }

    /// <summary>How many attempts crashed their executor (the worker's poison limit, 2 by default).</summary>
    public int Attempts { get; }

    /// <summary>How the last executor died, from its exit code and its last words: "stack overflow; exit code 134 (signal SIGABRT)".</summary>
    public string? ExitDescription { get; }
}
