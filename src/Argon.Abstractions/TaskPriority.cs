namespace Argon;

/// <summary>The manager's queue priority for a task.</summary>
public enum TaskPriority
{
    /// <summary>Runs after Normal and High, but is promoted when it waits too long.</summary>
    Low = 0,

    /// <summary>The default.</summary>
    Normal = 1,

    /// <summary>Runs before Normal and Low.</summary>
    High = 2,
}
