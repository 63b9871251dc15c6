using System.Diagnostics;
using Argon.IntegrationTests.Infrastructure;
using Argon.TestTasks;

namespace Argon.IntegrationTests;

/// <summary>
/// A worker given both --manager and --host serves both from one executor pool and never runs more than its
/// capacity at once (docs/operations.md, Stand-alone workers).
/// </summary>
public sealed class WorkerWithManagerAndDirectClientsTests
{
    private const int HoldMs = 700;

    [Fact]
    public async Task Capacity1_OneCallViaManagerAndOneDirect_RunOneAfterTheOther_OnTheSameExecutor()
    {
        await using var cluster = await TestCluster.StartAsync(workers: 1, capacity: 1, loadPaths: TaskLibrary.All,
            workerArguments: ["--host", "127.0.0.1", "--port", "0"]);
        var worker = cluster.Cluster.Workers[0];
        var options = cluster.Cluster.ClientOptions();
        options.Port = await worker.WaitForListeningPortAsync("worker", Limits.Startup);
        await using var direct = await ArgonClient.ConnectAsync(options).WaitAsync(Limits.Call);
        var executor = (await Eventually.ExecutorsAsync(worker, e => e.Count == 1, "the worker runs its executor")).Single();

        var watch = Stopwatch.StartNew();
        var viaManager = cluster.Client.QueueAsync(new WhichProcessAfter(HoldMs));
        var viaWorker = direct.QueueAsync(new WhichProcessAfter(HoldMs));
        var pids = await Task.WhenAll(viaManager, viaWorker).WaitAsync(Limits.Call);
        watch.Stop();

        Assert.Equal([executor, executor], pids);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(2 * HoldMs - 100),
            $"two {HoldMs} ms tasks on a worker of capacity 1 finished in {watch.Elapsed.TotalMilliseconds:0} ms: they ran at once");
    }
}
