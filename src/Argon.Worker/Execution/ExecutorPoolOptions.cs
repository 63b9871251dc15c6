namespace Argon.Worker.Execution;

/// <summary>How the worker keeps its executor processes.</summary>
internal sealed record ExecutorPoolOptions
{
    public required int Capacity { get; init; }

    public required ExecutorLaunch Launch { get; init; }

    public required string Node { get; init; }

    /// <summary>How an executor is started: a child process, except in tests of the pool.</summary>
    public IExecutorStarter Starter { get; init; } = OsExecutorStarter.Instance;

    public IReadOnlyList<string> LoadPaths { get; init; } = [];

    /// <summary>Executors may load shipped code from the worker's code cache (--allow-eval).</summary>
    public bool AllowEval { get; init; }

    /// <summary>Recycle an executor after this many tasks; null for never.</summary>
    public int? MaxRequests { get; init; }

    /// <summary>Recycle an executor whose resident memory exceeds this after a task; null for no limit.</summary>
    public long? MaxMemoryBytes { get; init; }

    /// <summary>How often idle and busy executors are asked for a heartbeat.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>An executor silent this long is killed and replaced (generous: a loaded machine is not a hung executor).</summary>
    public TimeSpan HeartbeatTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a new executor has to connect.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a cancelled task has to stop before its executor is killed.</summary>
    public TimeSpan CancelGrace { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Counts the tasks running on the executors, and their peak.</summary>
    public ExecutorOccupancy Occupancy { get; init; } = new();

    /// <summary>A task that crashes this many executors is not tried again.</summary>
    public int PoisonAttempts { get; init; } = 2;
}
