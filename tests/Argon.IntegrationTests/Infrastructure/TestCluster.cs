using System.Globalization;
using Argon.Cli.Processes;

namespace Argon.IntegrationTests.Infrastructure;

/// <summary>
/// A <see cref="LocalCluster"/> (real `argon` processes on loopback) whose workers have registered, with a
/// connected client. Disposing it disposes the client, the workers and the manager.
/// </summary>
internal sealed class TestCluster : IAsyncDisposable
{
    private readonly List<ArgonProcess> _ownWorkers = [];

    private TestCluster(LocalCluster cluster, ArgonClient client)
    {
        Cluster = cluster;
        Client = client;
    }

    public LocalCluster Cluster { get; }

    public ArgonClient Client { get; }

    public ArgonProcess Manager => Cluster.Manager;

    /// <summary>
    /// Starts a manager and <paramref name="workers"/> workers of <paramref name="capacity"/> executors each, loading
    /// <paramref name="loadPaths"/> (default: the samples) with <paramref name="workerArguments"/> added to their command line.
    /// </summary>
    public static async Task<TestCluster> StartAsync(int workers, int capacity, IEnumerable<string>? managerArguments = null, bool retry = false,
        IEnumerable<string>? loadPaths = null, IEnumerable<string>? workerArguments = null)
    {
        using var deadline = new CancellationTokenSource(Limits.Startup);
        var cluster = await LocalCluster.StartAsync(managerArguments, deadline.Token);
        try
        {
            var load = loadPaths?.ToArray() ?? [TaskLibrary.AssemblyPath];
            var extra = workerArguments?.ToArray() ?? [];
            for (var i = 0; i < workers; i++)
            {
                cluster.StartWorker(capacity, load, extra);
            }

            var client = await ArgonClient.ConnectAsync(cluster.ClientOptions(retry), deadline.Token);
            try
            {
                await cluster.WaitForWorkersAsync(client, workers, deadline.Token);
                return new TestCluster(cluster, client);
            }
            catch
            {
                await client.DisposeAsync();
                throw;
            }
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The arguments of `argon worker` for this cluster's manager and key, as <see cref="LocalCluster.StartWorker"/> gives them.</summary>
    public IEnumerable<string> WorkerArguments(int capacity, IEnumerable<string> loadPaths) =>
    [
        "worker", "--manager", $"127.0.0.1:{Cluster.Port}", "--capacity", capacity.ToString(CultureInfo.InvariantCulture), "--key", Cluster.KeyFile,
        .. loadPaths.SelectMany(path => new[] { "--load", path }),
    ];

    /// <summary>
    /// Starts `argon <paramref name="arguments"/>` as one more worker, with <paramref name="environment"/> set (which
    /// <see cref="LocalCluster.StartWorker"/> cannot do), and waits until the manager routes to it. Disposed with the cluster.
    /// </summary>
    public async Task<ArgonProcess> StartWorkerAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var registered = (await Client.GetStatusAsync().WaitAsync(Limits.Call)).Workers.Count;
        var worker = ArgonProcess.Start($"worker {Cluster.Workers.Count + _ownWorkers.Count + 1}", arguments, environment);
        _ownWorkers.Add(worker);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while ((await Client.GetStatusAsync().WaitAsync(Limits.Call)).Workers.Count <= registered)
        {
            if (worker.HasExited || watch.Elapsed > Limits.Startup)
            {
                throw new InvalidOperationException($"{worker.Name} did not register (exited: {worker.HasExited}):\n{string.Join('\n', worker.Lines)}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }

        return worker;
    }

    /// <summary>Another client of this cluster, with its own connection.</summary>
    public Task<ArgonClient> ConnectAsync(bool retry = false) => ArgonClient.ConnectAsync(Cluster.ClientOptions(retry));

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        foreach (var worker in _ownWorkers)
        {
            await worker.DisposeAsync();
        }

        await Cluster.DisposeAsync();
    }
}
