using System.Globalization;
using Argon.Cli.Commands;
using Argon.Cli.Processes;
using Argon.IntegrationTests.Infrastructure;
using Argon.MultiHostTests.Network;

namespace Argon.MultiHostTests.Cluster;

/// <summary>
/// Managers and workers as real `argon` processes, each in its own host of a <see cref="VirtualNetwork"/>, all with
/// the same key file (made by `argon keygen`'s code) and the same short heartbeat. Every worker is given every
/// manager (`--manager m1:PORT,m2:PORT`) and reaches them at their hosts' addresses, over the bridge. Every process
/// it started is stopped on dispose, failed test or not.
/// </summary>
internal sealed class MultiHostCluster : IAsyncDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly List<ManagerHost> _managers = [];
    private readonly List<WorkerHost> _workers = [];

    private MultiHostCluster(int capacity, TimeSpan heartbeatInterval, TimeSpan heartbeatTimeout)
    {
        Capacity = capacity;
        HeartbeatInterval = heartbeatInterval;
        HeartbeatTimeout = heartbeatTimeout;
        KeyFile = Path.Combine(_directory.Path, "key");
        KeygenCommand.Write(KeyFile, overwrite: false);
    }

    /// <summary>A folder for ledgers and start logs, deleted with the cluster.</summary>
    public string Directory => _directory.Path;

    public string KeyFile { get; }

    public int Capacity { get; }

    public TimeSpan HeartbeatInterval { get; }

    public TimeSpan HeartbeatTimeout { get; }

    public IReadOnlyList<ManagerHost> Managers => _managers;

    /// <summary>The first manager's process.</summary>
    public ArgonProcess Manager => _managers[0].Process;

    /// <summary>The first manager's "address:port", as workers and clients dial it.</summary>
    public string ManagerEndpoint => _managers[0].Endpoint;

    /// <summary>Every manager's "address:port", comma-separated: the `--manager` value of the workers and clients.</summary>
    public string ManagerList => string.Join(',', _managers.Select(m => m.Endpoint));

    public IReadOnlyList<WorkerHost> Workers => _workers;

    public int TotalCapacity => _workers.Count * Capacity;

    /// <summary>Starts the manager in <paramref name="manager"/> and a worker in each of <paramref name="workers"/>.</summary>
    /// <remarks>Whether the workers are registered is for a client to tell (the test process cannot reach the hosts).</remarks>
    public static Task<MultiHostCluster> StartAsync(VirtualHost manager, IEnumerable<VirtualHost> workers, int capacity,
        TimeSpan heartbeatInterval, TimeSpan heartbeatTimeout) =>
        StartAsync([manager], workers, capacity, heartbeatInterval, heartbeatTimeout);

    /// <summary>
    /// Starts a manager in each of <paramref name="managers"/> and a worker in each of <paramref name="workers"/>, given
    /// every manager. With <paramref name="workerMetrics"/>, each worker also serves `--http` on 127.0.0.1 inside its
    /// host (loopback needs no token), read with <see cref="WorkerMetric"/>.
    /// </summary>
    public static async Task<MultiHostCluster> StartAsync(IReadOnlyList<VirtualHost> managers, IEnumerable<VirtualHost> workers, int capacity,
        TimeSpan heartbeatInterval, TimeSpan heartbeatTimeout, bool workerMetrics = false)
    {
        var cluster = new MultiHostCluster(capacity, heartbeatInterval, heartbeatTimeout);
        try
        {
            foreach (var manager in managers)
            {
                var process = ArgonProcess.Start($"manager on {manager.Name}",
                    ["manager", "--host", manager.Address, "--port", "0", "--key", cluster.KeyFile, .. cluster.HeartbeatArguments()],
                    via: manager.Via);
                cluster._managers.Add(new ManagerHost(manager, process, ""));
                var port = await process.WaitForListeningPortAsync("manager", Limits.Startup);
                cluster._managers[^1] = cluster._managers[^1] with { Endpoint = string.Create(CultureInfo.InvariantCulture, $"{manager.Address}:{port}") };
            }

            foreach (var host in workers)
            {
                List<string> arguments =
                [
                    "worker", "--manager", cluster.ManagerList, "--capacity", capacity.ToString(CultureInfo.InvariantCulture),
                    "--key", cluster.KeyFile, "--load", TaskLibrary.AssemblyPath, "--load", TaskLibrary.TestTasksPath,
                    .. cluster.HeartbeatArguments(),
                ];
                if (workerMetrics)
                {
                    arguments.AddRange(["--http", "127.0.0.1:0"]);
                }

                cluster._workers.Add(new WorkerHost(host, ArgonProcess.Start($"worker on {host.Name}", arguments, via: host.Via)));
            }

            if (workerMetrics)
            {
                for (var i = 0; i < cluster._workers.Count; i++)
                {
                    const string prefix = "argon worker http on http://";
                    var line = await cluster._workers[i].Process.WaitForLineAsync(l => l.StartsWith(prefix, StringComparison.Ordinal), Limits.Startup);
                    cluster._workers[i] = cluster._workers[i] with { Http = line[prefix.Length..].TrimEnd('/') };
                }
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A value of the worker's own /metrics (started with workerMetrics), fetched with curl inside its host; null when
    /// the page cannot be read or lacks it.
    /// </summary>
    public static double? WorkerMetric(WorkerHost worker, string name)
    {
        var http = worker.Http ?? throw new InvalidOperationException($"{worker.Host.Name} was started without --http");
        var (exitCode, text, _) = NetworkCommand.TryRun("ip", "netns", "exec", worker.Host.Namespace,
            "curl", "--silent", "--fail", "--max-time", "10", $"http://{http}/metrics");
        if (exitCode != 0)
        {
            return null;
        }

        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(name + " ", StringComparison.Ordinal));
        return line is null ? null : double.Parse(line[(name.Length + 1)..], CultureInfo.InvariantCulture);
    }

    /// <summary>What every process printed last: for a failure's message.</summary>
    public string Output() => string.Join('\n',
        _managers.Select(m => m.Process).Concat(_workers.Select(w => w.Process)).Where(p => p is not null)
            .Select(p => $"--- {p.Name} (pid {p.Pid}, exited: {p.HasExited}):\n{string.Join('\n', p.Lines.TakeLast(15))}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.Process.DisposeAsync();
        }

        foreach (var manager in _managers)
        {
            await manager.Process.DisposeAsync();
        }

        _directory.Dispose();
    }

    /// <summary>The same heartbeat for every process and client: a peer is judged by the receiver's timeout against the sender's interval.</summary>
    private string[] HeartbeatArguments() =>
    [
        "--heartbeat-interval", string.Create(CultureInfo.InvariantCulture, $"{HeartbeatInterval.TotalMilliseconds}ms"),
        "--heartbeat-timeout", string.Create(CultureInfo.InvariantCulture, $"{HeartbeatTimeout.TotalMilliseconds}ms"),
    ];
}

/// <summary>A manager process, the host it runs in, and its "address:port".</summary>
internal sealed record ManagerHost(VirtualHost Host, ArgonProcess Process, string Endpoint);

/// <summary>A worker process and the host it runs in; <see cref="Http"/> is "127.0.0.1:PORT" inside that host when it serves --http.</summary>
internal sealed record WorkerHost(VirtualHost Host, ArgonProcess Process, string? Http = null);
