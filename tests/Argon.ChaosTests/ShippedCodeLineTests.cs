using System.Diagnostics;
using Argon.IntegrationTests.Infrastructure;
using Argon.Samples;

namespace Argon.ChaosTests;

/// <summary>
/// No task can block other tasks (issue 17, finding 4): a shipped-code call made before any worker registered,
/// with only workers without --allow-eval joining afterwards, fails within the documented bound
/// (docs/operations.md, "Code shipping": at once when such workers register, 30 s at most with none), and the
/// ordinary tasks behind it all complete.
/// </summary>
public sealed class ShippedCodeLineTests
{
    private static readonly TimeSpan DocumentedBound = TimeSpan.FromSeconds(30);
    private const int TasksBefore = 100;
    private const int TasksAfter = 1_000;

    [Fact]
    public async Task ProcessAsync_WhenOnlyNonEvalWorkersJoin_FailsWithinTheBound_AndTheTasksBehindItComplete()
    {
        await using var cluster = await TestCluster.StartAsync(workers: 0, capacity: 1, retry: true);
        var watch = Stopwatch.StartNew();
        var shipped = cluster.Client.ProcessAsync((int x) => x + 1, 1);
        await Eventually.StatusAsync(cluster.Client, s => s.Queued == 1, "the shipped-code call waits in the queue");
        var before = Enumerable.Range(0, TasksBefore).Select(i => cluster.Client.QueueAsync(new Add(i, 1))).ToArray();

        await cluster.StartWorkerAsync(cluster.WorkerArguments(capacity: 2, [TaskLibrary.AssemblyPath]), new Dictionary<string, string>());
        await cluster.StartWorkerAsync(cluster.WorkerArguments(capacity: 2, [TaskLibrary.AssemblyPath]), new Dictionary<string, string>());
        var after = Enumerable.Range(0, TasksAfter).Select(i => cluster.Client.QueueAsync(new Add(i, 2))).ToArray();

        // The bound runs from the call; a margin covers a loaded machine's reaction, not a second wait.
        var error = await Assert.ThrowsAsync<ArgonException>(() => shipped.WaitAsync(DocumentedBound + Limits.Reaction - watch.Elapsed));
        Assert.Contains("--allow-eval", error.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < DocumentedBound + Limits.Reaction, $"the shipped-code call failed only after {watch.Elapsed}");

        var beforeResults = await Task.WhenAll(before).WaitAsync(Limits.Call);
        var afterResults = await Task.WhenAll(after).WaitAsync(Limits.Call);
        Assert.Equal(Enumerable.Range(1, TasksBefore), beforeResults);
        Assert.Equal(Enumerable.Range(2, TasksAfter), afterResults);
    }

    [Fact]
    public async Task ProcessAsync_WithNoWorkerAtAll_FailsAfterTheEvalWait_NotBefore()
    {
        await using var cluster = await TestCluster.StartAsync(workers: 0, capacity: 1, managerArguments: ["--eval-wait", "2s"]);
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<ArgonException>(() => cluster.Client.ProcessAsync((int x) => x + 1, 1).WaitAsync(Limits.Call));

        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(2), $"it failed after {watch.Elapsed}, before the 2 s wait was over");
        Assert.Contains("within 2 s", error.Message, StringComparison.Ordinal);
        Assert.Contains("--allow-eval", error.Message, StringComparison.Ordinal);
    }
}
