namespace Argon;

/// <summary>Options for one call.</summary>
public sealed record ArgonCallOptions
{
    /// <summary>The default options.</summary>
    public static ArgonCallOptions Default { get; } = new();

    /// <summary>The task's queue priority on the manager.</summary>
    public TaskPriority Priority { get; init; } = TaskPriority.Normal;

    /// <summary>How long the call may take in all, retries included; null uses the client's default.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>How many times the task may run when its worker is lost; null uses the client's default.</summary>
    public int? MaxAttempts { get; init; }
}
