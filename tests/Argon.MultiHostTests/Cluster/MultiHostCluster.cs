using System.Globalization;
using Argon.Cli.Commands;
using Argon.Cli.Processes;
using Argon.IntegrationTests.Infrastructure;
using Argon.MultiHostTests.Network;

namespace Argon.MultiHostTests.Cluster;

/// <summary>
/// A manager and workers as real `argon` processes, each in its own host of a <see cref="VirtualNetwork"/>, all with
/// the same key file (made by `argon keygen`'s code) and the same short heartbeat. The workers reach the manager at
/// its host's address, over the bridge. Every process it started is stopped on dispose, failed test or not.
/// </summary>
internal sealed class MultiHostCluster : IAsyncDisposable
{
    private readonly TempDirectory _directory = new();
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

    public ArgonProcess Manager { get; private set; } = null!;

    /// <summary>The manager's "address:port", as workers and clients dial it.</summary>
    public string ManagerEndpoint { get; private set; } = "";

    public IReadOnlyList<WorkerHost> Workers => _workers;

    public int TotalCapacity => _workers.Count * Capacity;

    /// <summary>Starts the manager in <paramref name="manager"/> and a worker in each of <paramref name="workers"/>.</summary>
    /// <remarks>Whether the workers are registered is for a client to tell (the test process cannot reach the hosts).</remarks>
    public static async Task<MultiHostCluster> StartAsync(VirtualHost manager, IEnumerable<VirtualHost> workers, int capacity,
        TimeSpan heartbeatInterval, TimeSpan heartbeatTimeout)
    {
        var cluster = new MultiHostCluster(capacity, heartbeatInterval, heartbeatTimeout);
        try
        {
            cluster.Manager = ArgonProcess.Start($"manager on {manager.Name}",
                ["manager", "--host", manager.Address, "--port", "0", "--key", cluster.KeyFile, .. cluster.HeartbeatArguments()],
                via: manager.Via);
            var port = await cluster.Manager.WaitForListeningPortAsync("manager", Limits.Startup);
            cluster.ManagerEndpoint = string.Create(CultureInfo.InvariantCulture, $"{manager.Address}:{port}");
            foreach (var host in workers)
            {
                cluster._workers.Add(new WorkerHost(host, ArgonProcess.Start($"worker on {host.Name}",
                [
                    "worker", "--manager", cluster.ManagerEndpoint, "--capacity", capacity.ToString(CultureInfo.InvariantCulture),
                    "--key", cluster.KeyFile, "--load", TaskLibrary.AssemblyPath, "--load", TaskLibrary.TestTasksPath,
                    .. cluster.HeartbeatArguments(),
                ], via: host.Via)));
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>What every process printed last: for a failure's message.</summary>
    public string Output() => string.Join('\n',
        new[] { Manager }.Concat(_workers.Select(w => w.Process)).Where(p => p is not null)
            .Select(p => $"--- {p.Name} (pid {p.Pid}, exited: {p.HasExited}):\n{string.Join('\n', p.Lines.TakeLast(15))}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.Process.DisposeAsync();
        }

        if (Manager is not null)
        {
            await Manager.DisposeAsync();
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

/// <summary>A worker process and the host it runs in.</summary>
internal sealed record WorkerHost(VirtualHost Host, ArgonProcess Process);
