using Argon.IntegrationTests.Infrastructure;
using Argon.Samples;
using Argon.TestTasks;

namespace Argon.IntegrationTests;

/// <summary>A task that runs its executor out of memory fails with a clear error, and the worker carries on (DESIGN.md §1.5).</summary>
public sealed class ExecutorOutOfMemoryTests
{
    private const int Capacity = 2;

    [Fact]
    public async Task ExhaustMemory_UnderA256MbHeapLimit_FailsNamingOutOfMemory_WorkerCarriesOn()
    {
        await using var cluster = await TestCluster.StartAsync(workers: 0, capacity: Capacity);
        // The executors inherit the worker's environment, so each gets a 256 MB GC heap and runs out quickly.
        var worker = await cluster.StartWorkerAsync(cluster.WorkerArguments(Capacity, TaskLibrary.All),
            new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "0x10000000" });
        await Eventually.ExecutorsAsync(worker, e => e.Count == Capacity, "the worker runs its executors");

        var error = await Assert.ThrowsAnyAsync<ArgonException>(() => cluster.Client.QueueAsync(new ExhaustMemory(16)).WaitAsync(Limits.Call));

        Assert.True(error.Message.Contains("out of memory", StringComparison.OrdinalIgnoreCase)
            || error.Message.Contains("OutOfMemory", StringComparison.Ordinal), $"the error does not say out of memory: {error.Message}");
        Assert.False(worker.HasExited, $"the worker exited:\n{string.Join('\n', worker.Lines.TakeLast(40))}");
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => cluster.Client.QueueAsync(new Add(i, 1)))).WaitAsync(Limits.Call);
        Assert.Equal(Enumerable.Range(1, 20), results);
        await Eventually.ExecutorsAsync(worker, e => e.Count == Capacity, "the worker is back at full capacity");
    }
}
