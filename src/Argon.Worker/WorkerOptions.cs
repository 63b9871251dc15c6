using Argon.Protocol.Transport;

namespace Argon.Worker;

/// <summary>How a worker runs; bound from the command line (`argon worker`).</summary>
public sealed class WorkerOptions
{
    /// <summary>The manager's host; null for a stand-alone worker that only serves direct clients. Ignored when <see cref="Managers"/> has entries.</summary>
    public string? ManagerHost { get; set; }

    /// <summary>The manager's port (with <see cref="ManagerHost"/>).</summary>
    public int ManagerPort { get; set; } = 8000;

    /// <summary>
    /// Every manager this worker serves (`--manager a:8000,b:8000`); when it has entries it replaces
    /// <see cref="ManagerHost"/>/<see cref="ManagerPort"/>. With several, the executors are shared: each manager is
    /// told the share it may use (docs/decisions.md, "Capacity shares between managers").
    /// </summary>
    public IReadOnlyList<ManagerEndpoint> Managers { get; set; } = [];

    /// <summary>How many direct clients' tasks may wait for an executor (stand-alone mode); beyond it they are denied.</summary>
    public int DirectQueueSize { get; set; } = 256;

    /// <summary>How many tasks run at once (executor processes); defaults to the CPU count.</summary>
    public int Capacity { get; set; } = Environment.ProcessorCount;

    /// <summary>Task assembly files and folders.</summary>
    public IReadOnlyList<string> LoadPaths { get; set; } = [];

    /// <summary>Accept shipped code (closures and task classes this worker was not given).</summary>
    public bool AllowEval { get; set; }

    /// <summary>The most bytes of shipped assemblies kept on disk; past it the least recently used are deleted.</summary>
    public long CodeCacheBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>The longest a task may run when its call sets no timeout; null for no limit.</summary>
    public TimeSpan? TaskTimeout { get; set; }

    /// <summary>Recycle an executor after this many tasks; null for never.</summary>
    public int? MaxRequests { get; set; }

    /// <summary>Recycle an executor whose resident memory passes this many bytes; null for no limit.</summary>
    public long? MaxExecutorMemoryBytes { get; set; }

    /// <summary>How to start `argon executor`; set by the command line to this same program.</summary>
    public Execution.ExecutorLaunch? ExecutorLaunch { get; set; }

    /// <summary>This worker's name in logs and status.</summary>
    public string Node { get; set; } = $"worker@{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>The longest wait between attempts to reach a lost manager.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Keep-alives on the manager link and direct connections; a peer silent past the timeout is dead.</summary>
    public HeartbeatSettings Heartbeat { get; set; } = HeartbeatSettings.Default;

    /// <summary>On SIGTERM, how long in-flight tasks get to finish before the worker leaves anyway.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
