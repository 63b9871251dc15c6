using Argon.Cli.Processes;

namespace Argon.IntegrationTests.Infrastructure;

/// <summary>
/// The cluster the executor-pool tests share: one manager and one worker of <see cref="Capacity"/> executors that
/// loads the samples and the misbehaving test tasks. Tests that crash, kill or freeze executors wait until the pool
/// is back at full strength, so the next test finds it as the worker promises to keep it.
/// </summary>
public sealed class ExecutorClusterFixture : IAsyncLifetime
{
    public const int Capacity = 3;

    private TestCluster? _cluster;

    internal TestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not started.");

    public ArgonClient Client => Cluster.Client;

    /// <summary>The one worker, whose children are the executors.</summary>
    internal ArgonProcess Worker => Cluster.Cluster.Workers[0];

    /// <summary>Waits until the worker has exactly <see cref="Capacity"/> executor processes and returns their pids.</summary>
    internal Task<IReadOnlySet<int>> FullPoolAsync(string? what = null) =>
        Eventually.ExecutorsAsync(Worker, e => e.Count == Capacity, what ?? $"the worker runs {Capacity} executor processes");

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync(workers: 1, Capacity, loadPaths: TaskLibrary.All);

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ExecutorCollection : ICollectionFixture<ExecutorClusterFixture>
{
    public const string Name = "Executor pool cluster";
}
