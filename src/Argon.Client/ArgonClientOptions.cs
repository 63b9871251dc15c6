using Microsoft.Extensions.Logging;

namespace Argon;

/// <summary>Where the cluster is, how to prove the key, and how calls behave by default.</summary>
public sealed class ArgonClientOptions
{
    /// <summary>The manager's (or a stand-alone worker's) host name or address. Not used when <see cref="Managers"/> has entries.</summary>
    public string Host { get; set; } = "localhost";

    /// <summary>The manager's port. Not used when <see cref="Managers"/> has entries.</summary>
    public int Port { get; set; } = 8000;

    /// <summary>
    /// Several managers of one cluster, each as "host:port" ("[address]:port" for IPv6); when this has entries it is
    /// used instead of <see cref="Host"/> and <see cref="Port"/>. The client keeps one connection per manager, spreads
    /// its calls over those that take calls, and moves new calls away from one that is lost or shutting down at once.
    /// A call whose manager is lost with it in flight is submitted to another with <see cref="Retry"/> on (so it may
    /// run twice), and fails with an <see cref="ArgonConnectionException"/> naming the manager otherwise. Entries are
    /// checked at connect (an <see cref="ArgumentException"/> names a bad one). See docs/operations.md.
    /// </summary>
    public IList<string> Managers { get; set; } = [];

    /// <summary>The shared key file; every node of the cluster holds the same one.</summary>
    public string? KeyFile { get; set; }

    /// <summary>On Deny (no capacity), retry on a logarithmic backoff with jitter until accepted or the call's timeout or cancellation.</summary>
    public bool Retry { get; set; }

    /// <summary>How long to wait for the connection and handshake.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The timeout of calls that do not set their own; null for none.</summary>
    public TimeSpan? DefaultTimeout { get; set; }

    /// <summary>How many times the manager may run a task again when its worker is lost (at least 1).</summary>
    public int DefaultMaxAttempts { get; set; } = 2;

    /// <summary>
    /// After the connection is lost, connect again (capped exponential backoff with jitter) instead of failing
    /// every later call. With several <see cref="Managers"/>, each manager is reconnected on its own, including one
    /// that was down at connect. Calls waiting on the lost connection fail with a transient <see cref="ArgonConnectionException"/>,
    /// or with <see cref="Retry"/> on are submitted again on the new connection, so such a task may run twice.
    /// </summary>
    public bool Reconnect { get; set; }

    /// <summary>How often the client sends a keep-alive to the server.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A server silent this long (a frozen process, a cut network) counts as lost.</summary>
    public TimeSpan HeartbeatTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>This client's name in the cluster's logs; defaults to host name and process id.</summary>
    public string? Name { get; set; }

    /// <summary>
    /// Send a reference to each task class's assembly with QueueAsync, so workers started with --allow-eval run task
    /// classes they were never given (--load), fetching the assembly once. Off by default: the normal path sends nothing extra.
    /// </summary>
    public bool ShipTaskCode { get; set; }

    /// <summary>Where the client logs; none by default.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }
}
