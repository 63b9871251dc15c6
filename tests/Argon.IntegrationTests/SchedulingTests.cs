using Argon.IntegrationTests.Infrastructure;
using Argon.Samples;
using Argon.TestTasks;

namespace Argon.IntegrationTests;

/// <summary>
/// The manager's routing promises (DESIGN.md §6): a short task never waits behind a long one while an executor
/// elsewhere is idle, and a cancelled queued call never runs. Each test starts its own cluster.
/// </summary>
public sealed class SchedulingTests
{
    private const int LongMs = 15_000;
    private const int ShortTasks = 40;
    private const int ShortMs = 10;

    [Fact]
    public async Task ShortTasks_FinishWhileALongTaskRuns_OnTwoWorkers()
    {
        await using var cluster = await TestCluster.StartAsync(workers: 2, capacity: 1);

        // Warm up: both workers learn that tasks are short, so the manager prefetches to both of them.
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => cluster.Client.QueueAsync(new Sleep(ShortMs)))).WaitAsync(Limits.Call);

        var longCall = cluster.Client.QueueAsync(new Sleep(LongMs));
        await Eventually.StatusAsync(cluster.Client, s => s.InFlight == 1, "the long task is running");
        var shortCalls = Enumerable.Range(0, ShortTasks).Select(_ => cluster.Client.QueueAsync(new Sleep(ShortMs))).ToArray();

        // Some short tasks are prefetched behind the long one; they must move to the idle worker, not wait 15 s.
        var finished = await Task.WhenAny(Task.WhenAll(shortCalls), longCall).WaitAsync(TimeSpan.FromMilliseconds(2 * LongMs));

        Assert.False(longCall.IsCompleted, $"the long task finished before {shortCalls.Count(c => !c.IsCompleted)} of {ShortTasks} short ones: they waited behind it");
        Assert.All(await Task.WhenAll(shortCalls), r => Assert.Equal(ShortMs, r));
        Assert.NotSame(longCall, finished);
    }

    [Fact]
    public async Task CancelledQueuedCall_NeverRuns()
    {
        await using var cluster = await TestCluster.StartAsync(workers: 1, capacity: 1, loadPaths: [TaskLibrary.TestTasksPath]);
        using var temp = new TempDirectory();
        var marker = Path.Combine(temp.Path, "ran");
        var status = await cluster.Client.GetStatusAsync().WaitAsync(Limits.Call);

        // Fill the worker, its prefetch slots included, so the next task waits in the manager's queue.
        using var stopFillers = new CancellationTokenSource();
        var fillers = Enumerable.Range(0, status.Capacity * 4)
            .Select(_ => cluster.Client.QueueAsync(new WhichProcessAfter(LongMs), cancellationToken: stopFillers.Token)).ToArray();
        await Eventually.StatusAsync(cluster.Client, s => s.Queued >= 1, "a filler waits in the queue");
        var queued = (await cluster.Client.GetStatusAsync().WaitAsync(Limits.Call)).Queued;
        using var cancelTouch = new CancellationTokenSource();
        var touch = cluster.Client.QueueAsync(new TouchFile(marker), cancellationToken: cancelTouch.Token);
        await Eventually.StatusAsync(cluster.Client, s => s.Queued > queued, "the marker task waits in the queue");

        await cancelTouch.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => touch.WaitAsync(Limits.Call));
        await stopFillers.CancelAsync();
        foreach (var filler in fillers)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => filler.WaitAsync(Limits.Call));
        }

        // Everything after it has run through: had the cancelled task run, it would have run by now.
        await Eventually.StatusAsync(cluster.Client, s => s.InFlight == 0 && s.Queued == 0, "the cluster is idle");
        Assert.True(await cluster.Client.QueueAsync(new TouchFile(marker + ".after")).WaitAsync(Limits.Call));
        Assert.True(File.Exists(marker + ".after"));
        Assert.False(File.Exists(marker), "the cancelled task ran");
    }
}
