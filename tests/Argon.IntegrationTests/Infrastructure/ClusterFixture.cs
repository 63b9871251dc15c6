using Argon.Cli.Processes;

namespace Argon.IntegrationTests.Infrastructure;

/// <summary>
/// The cluster most tests share: one manager and two workers of capacity 2, started once for the
/// <see cref="ClusterCollection"/>. Tests in the collection run one at a time and leave it idle.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public const int Workers = 2;
    public const int Capacity = 2;

    private TestCluster? _cluster;

    internal TestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not started.");

    internal LocalCluster Local => Cluster.Cluster;

    internal ArgonProcess Manager => Cluster.Manager;

    /// <summary>A client connected for the whole collection; tests use it to show the cluster still works.</summary>
    public ArgonClient Client => Cluster.Client;

    /// <summary>Waits until nothing runs or waits on the cluster, for tests that count in-flight and queued tasks.</summary>
    internal Task WaitUntilIdleAsync() =>
        Eventually.StatusAsync(Client, s => s.InFlight == 0 && s.Queued == 0, "the shared cluster is idle (an earlier test left tasks behind)",
            TimeSpan.FromSeconds(15));

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync(Workers, Capacity);

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "Shared cluster";
}
