using Argon.Cli.Processes;
using Argon.IntegrationTests.Infrastructure;

namespace Argon.IntegrationTests.Observability;

/// <summary>
/// A manager with --http and a small queue (<see cref="QueueSize"/>), and one worker of capacity 1 with --http that
/// loads the samples and the crashing test tasks: small enough that a burst of tasks fills the queue.
/// </summary>
public sealed class ObservedClusterFixture : IAsyncLifetime
{
    public const int QueueSize = 2;

    private TestCluster? _cluster;

    internal TestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not started.");

    public ArgonClient Client => Cluster.Client;

    internal ArgonProcess Worker => Cluster.Cluster.Workers[0];

    public Uri ManagerUrl { get; private set; } = null!;

    public Uri WorkerUrl { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _cluster = await TestCluster.StartAsync(workers: 1, capacity: 1,
            ["--http", "127.0.0.1:0", "--queue-size", QueueSize.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            loadPaths: TaskLibrary.All, workerArguments: ["--http", "127.0.0.1:0"]);
        ManagerUrl = await HttpScrape.UrlAsync(_cluster.Manager, "manager");
        WorkerUrl = await HttpScrape.UrlAsync(Worker, "worker");
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
