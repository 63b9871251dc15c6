using Argon.Cli.Processes;

namespace Argon.IntegrationTests.Infrastructure;

/// <summary>
/// A <see cref="LocalCluster"/> (real `argon` processes on loopback) whose workers have registered, with a
/// connected client. Disposing it disposes the client, the workers and the manager.
/// </summary>
internal sealed class TestCluster : IAsyncDisposable
{
    private TestCluster(LocalCluster cluster, ArgonClient client)
    {
        Cluster = cluster;
        Client = client;
    }

    public LocalCluster Cluster { get; }

    public ArgonClient Client { get; }

    public ArgonProcess Manager => Cluster.Manager;

    public static async Task<TestCluster> StartAsync(int workers, int capacity, IEnumerable<string>? managerArguments = null, bool retry = false)
    {
        using var deadline = new CancellationTokenSource(Limits.Startup);
        var cluster = await LocalCluster.StartAsync(managerArguments, deadline.Token);
        try
        {
            for (var i = 0; i < workers; i++)
            {
                cluster.StartWorker(capacity, [TaskLibrary.AssemblyPath]);
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

    /// <summary>Another client of this cluster, with its own connection.</summary>
    public Task<ArgonClient> ConnectAsync(bool retry = false) => ArgonClient.ConnectAsync(Cluster.ClientOptions(retry));

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Cluster.DisposeAsync();
    }
}
