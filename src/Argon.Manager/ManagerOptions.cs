using Argon.Protocol.Transport;

namespace Argon.Manager;

/// <summary>How a manager runs; bound from the command line (`argon manager`).</summary>
public sealed class ManagerOptions
{
    /// <summary>The address to listen on.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The port to listen on; 0 picks a free one.</summary>
    public int Port { get; set; } = 8000;

    /// <summary>The most tasks the manager holds waiting for a worker; 0 means the default, <see cref="DefaultQueueSize"/>.</summary>
    public int QueueSize { get; set; }

    /// <summary>
    /// The most tasks per executor a worker may hold beyond its capacity (0 disables prefetch). How many it
    /// actually gets follows its average task time: enough to cover <see cref="PrefetchWindow"/>, so tiny tasks
    /// never leave executors waiting for the next Assign, and long tasks are not parked behind each other.
    /// </summary>
    public int MaxPrefetchPerExecutor { get; set; } = 32;

    /// <summary>The time prefetched tasks should cover: about a manager–worker round trip under load.</summary>
    public TimeSpan PrefetchWindow { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>
    /// How long a task with shipped code (ProcessAsync) waits for a worker started with --allow-eval while none is
    /// registered. It fails at once when workers are registered and none accepts shipped code.
    /// </summary>
    public TimeSpan ShippedCodeWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>On SIGTERM/SIGINT, how long accepted tasks get to finish before they fail with a clear error.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Keep-alives on every connection; a client or worker silent past the timeout is dropped.</summary>
    public HeartbeatSettings Heartbeat { get; set; } = HeartbeatSettings.Default;

    /// <summary>This manager's name in logs and status.</summary>
    public string Node { get; set; } = $"manager@{Environment.MachineName}";

    /// <summary>The default queue bound: a multiple of the cluster's capacity, never below a floor that keeps a small cluster fed.</summary>
    public static int DefaultQueueSize(int totalCapacity) => Math.Max(256, 8 * totalCapacity);
}
