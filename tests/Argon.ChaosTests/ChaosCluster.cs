using System.Diagnostics;
using System.Globalization;
using Argon.Cli.Processes;
using Argon.IntegrationTests.Infrastructure;

namespace Argon.ChaosTests;

/// <summary>
/// A manager and workers as real `argon` processes on loopback that the suite may kill, freeze and cut off: the
/// manager can be restarted on the same port, a worker replaced by a fresh one, and some workers reach the manager
/// through a <see cref="FaultProxy"/>. Everything it ever started is stopped on dispose.
/// </summary>
internal sealed class ChaosCluster : IAsyncDisposable
{
    private readonly RestartableManager _manager;
    private readonly TimeSpan _heartbeatInterval;
    private readonly TimeSpan _heartbeatTimeout;
    private readonly List<ArgonProcess> _retired = [];
    private readonly List<WorkerSlot> _slots = [];
    private int _started;

    private ChaosCluster(RestartableManager manager, TimeSpan heartbeatInterval, TimeSpan heartbeatTimeout, int capacity)
    {
        _manager = manager;
        _heartbeatInterval = heartbeatInterval;
        _heartbeatTimeout = heartbeatTimeout;
        Capacity = capacity;
    }

    public string KeyFile => _manager.KeyFile;

    /// <summary>The manager's port; a restarted manager listens on the same one.</summary>
    public int Port => _manager.Port;

    /// <summary>The manager running now.</summary>
    public ArgonProcess Manager => _manager.Process;

    /// <summary>Executors per worker.</summary>
    public int Capacity { get; }

    public IReadOnlyList<WorkerSlot> Workers => _slots;

    /// <summary>The capacity the manager reports once every worker is registered.</summary>
    public int TotalCapacity => _slots.Count * Capacity;

    /// <summary>
    /// Starts a manager, <paramref name="direct"/> workers connected straight to it and <paramref name="proxied"/>
    /// connected through their own <see cref="FaultProxy"/>, and waits until all are routed to.
    /// </summary>
    /// <remarks>
    /// Every process and every client gets the same heartbeat interval and timeout: a peer is judged silent by the
    /// receiver's timeout against the sender's interval.
    /// </remarks>
    public static async Task<ChaosCluster> StartAsync(int direct, int proxied, int capacity, TimeSpan heartbeatInterval, TimeSpan heartbeatTimeout)
    {
        var heartbeat = HeartbeatArguments(heartbeatInterval, heartbeatTimeout);
        var cluster = new ChaosCluster(await RestartableManager.StartAsync(heartbeat), heartbeatInterval, heartbeatTimeout, capacity);
        try
        {
            await using var client = await cluster.ConnectAsync();
            for (var i = 0; i < direct + proxied; i++)
            {
                var slot = new WorkerSlot(i < proxied ? new FaultProxy(cluster.Port) : null);
                cluster._slots.Add(slot);
                cluster.StartWorker(slot);
            }

            await cluster.WaitForFullCapacityAsync(client, Limits.Startup);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public ArgonClientOptions ClientOptions(bool retry = false, bool reconnect = false) => new()
    {
        Host = "127.0.0.1",
        Port = Port,
        KeyFile = KeyFile,
        Retry = retry,
        Reconnect = reconnect,
        HeartbeatInterval = _heartbeatInterval,
        HeartbeatTimeout = _heartbeatTimeout,
        ConnectTimeout = Limits.Call,
    };

    /// <summary>
    /// A plain client for status checks. Retried for a while: on a loaded 2-core machine, a handshake right after a
    /// restart can outlast the connector's own timeout, and that is not what the suite is about.
    /// </summary>
    public async Task<ArgonClient> ConnectAsync(bool retry = false)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await ArgonClient.ConnectAsync(ClientOptions(retry));
            }
            catch (ArgonConnectionException) when (watch.Elapsed < Limits.Call)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100));
            }
        }
    }

    /// <summary>kill -9 of the manager alone (the workers are not its children), and waits until it is gone.</summary>
    public Task KillManagerAsync() => _manager.KillAsync();

    /// <summary>Starts a new manager on the port of the last one; retries while the port is not yet free.</summary>
    public Task RestartManagerAsync() => _manager.RestartAsync();

    /// <summary>kill -9 of a worker process alone; its executors are left to notice on their own.</summary>
    public ArgonProcess KillWorker(WorkerSlot slot)
    {
        var dead = slot.Process;
        ExecutorProcesses.Signal(dead.Pid, "KILL");
        _retired.Add(dead);
        return dead;
    }

    /// <summary>Starts a fresh worker in <paramref name="slot"/> (after <see cref="KillWorker"/>).</summary>
    public void StartWorker(WorkerSlot slot)
    {
        var port = slot.Proxy?.Port ?? Port;
        slot.Process = ArgonProcess.Start($"worker {++_started}",
        [
            "worker", "--manager", $"127.0.0.1:{port}", "--capacity", Capacity.ToString(CultureInfo.InvariantCulture), "--key", KeyFile,
            "--load", TaskLibrary.AssemblyPath, "--load", TaskLibrary.TestTasksPath, .. HeartbeatArguments(_heartbeatInterval, _heartbeatTimeout),
        ]);
    }

    /// <summary>Polls the manager until every worker slot is registered with its full capacity; returns that status.</summary>
    public async Task<ArgonClusterStatus> WaitForFullCapacityAsync(ArgonClient client, TimeSpan within)
    {
        try
        {
            return await Eventually.StatusAsync(client, s => s.Workers.Count == _slots.Count && s.Capacity == TotalCapacity,
                $"{_slots.Count} workers registered with {TotalCapacity} executors in all", within);
        }
        catch (TimeoutException ex)
        {
            // Say which workers are missing and what they were doing.
            var status = await client.GetStatusAsync().WaitAsync(Limits.Call);
            var missing = _slots.Select(s => s.Process).Where(p => !status.Workers.Any(w => IsNode(w, p)));
            throw new TimeoutException(ex.Message + string.Concat(missing.Select(p =>
                $"\n--- {p.Name} (pid {p.Pid}, exited: {p.HasExited}) is not registered; its last output:\n{string.Join('\n', p.Lines.TakeLast(25))}")), ex);
        }
    }

    /// <summary>The node id a worker registers with: `worker@HOST:PID`.</summary>
    public static bool IsNode(ArgonWorkerStatus worker, ArgonProcess process) =>
        worker.NodeId.EndsWith(":" + process.Pid.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    public async ValueTask DisposeAsync()
    {
        foreach (var slot in _slots)
        {
            await slot.DisposeAsync();
        }

        foreach (var process in _retired)
        {
            await process.DisposeAsync();
        }

        await _manager.DisposeAsync();
    }

    private static string[] HeartbeatArguments(TimeSpan interval, TimeSpan timeout) =>
    [
        "--heartbeat-interval", $"{interval.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}ms",
        "--heartbeat-timeout", $"{timeout.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}ms",
    ];

    /// <summary>One place in the cluster for a worker: the process there now, and the proxy it connects through, if any.</summary>
    internal sealed class WorkerSlot(FaultProxy? proxy) : IAsyncDisposable
    {
        public FaultProxy? Proxy { get; } = proxy;

        public ArgonProcess Process { get; set; } = null!;

        public async ValueTask DisposeAsync()
        {
            if (Process is not null)
            {
                Process.Freeze(false);
                await Process.DisposeAsync();
            }

            if (Proxy is not null)
            {
                await Proxy.DisposeAsync();
            }
        }
    }
}
