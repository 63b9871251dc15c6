using Argon.IntegrationTests.Infrastructure;
using Argon.Samples;
using Argon.TestTasks;

namespace Argon.ChaosTests;

/// <summary>
/// Priority-aware prefetch (issue 17, finding 6; docs/decisions.md): a High task submitted while 8 Low tasks are
/// prefetched to busy workers starts before every one of those Low tasks (none of them has started: each waits
/// behind a task that holds its executor until the test releases it).
/// </summary>
public sealed class PriorityPrefetchTests
{
    private const int Workers = 2;
    private const int Capacity = 4;
    private const int Executors = Workers * Capacity;
    private const int HoldMs = 120_000;

    [Fact]
    public async Task HighTask_SubmittedBehindEightPrefetchedLowTasks_StartsBeforeEveryOneOfThem()
    {
        await using var cluster = await TestCluster.StartAsync(Workers, Capacity, loadPaths: [TaskLibrary.AssemblyPath, TaskLibrary.TestTasksPath]);
        foreach (var worker in cluster.Cluster.Workers)
        {
            await Eventually.ExecutorsAsync(worker, e => e.Count == Capacity, "every executor is up", Limits.Startup);
        }

        // Every executor runs something, so each is connected; then tiny tasks until the manager knows the workers'
        // tasks are short (well under a second: it prefetches to them).
        await Task.WhenAll(Enumerable.Range(0, 2 * Executors).Select(_ => cluster.Client.QueueAsync(new Sleep(200)))).WaitAsync(Limits.Call);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            await Task.WhenAll(Enumerable.Range(0, 100).Select(i => cluster.Client.QueueAsync(new StartedAt(i)))).WaitAsync(Limits.Call);
            var status = await cluster.Client.GetStatusAsync().WaitAsync(Limits.Call);
            if (status.Workers.All(w => w.AverageTaskTime < TimeSpan.FromMilliseconds(100)))
            {
                break;
            }

            Assert.True(watch.Elapsed < Limits.Call, $"the workers' average task time stays high: {string.Join(", ", status.Workers)}");
        }

        using var temp = new TempDirectory();
        var releaseAll = Path.Combine(temp.Path, "release-all");
        var low = new ArgonCallOptions { Priority = TaskPriority.Low };
        var blockers = Enumerable.Range(0, Executors)
            .Select(i => cluster.Client.QueueAsync(new BlockUntilFile(Path.Combine(temp.Path, $"release-{i}"), releaseAll, HoldMs), low)).ToArray();
        await Eventually.StatusAsync(cluster.Client, s => s.InFlight == Executors, "a blocker holds every executor");
        var lows = Enumerable.Range(0, Executors).Select(i => cluster.Client.QueueAsync(new StartedAt(i), low)).ToArray();
        await Eventually.StatusAsync(cluster.Client, s => s.InFlight == 2 * Executors && s.Queued == 0, "the Low tasks are prefetched to the busy workers");

        var high = cluster.Client.QueueAsync(new StartedAt(-1), new ArgonCallOptions { Priority = TaskPriority.High });

        // The workers give back the Low tasks they have not started; they wait with the High task in the queue.
        await WaitUntilAsync(cluster.Client, s => s.Queued == Executors + 1);

        // One executor frees up: the High task is the one to take it.
        await File.WriteAllBytesAsync(Path.Combine(temp.Path, "release-0"), []);
        await Task.WhenAny(high, Task.Delay(Limits.Reaction));
        await File.WriteAllBytesAsync(releaseAll, []);

        Assert.All(await Task.WhenAll(blockers).WaitAsync(Limits.Call), Assert.True);
        var highStart = await high.WaitAsync(Limits.Call);
        var lowStarts = await Task.WhenAll(lows).WaitAsync(Limits.Call);
        var before = lowStarts.Count(start => start < highStart);
        Assert.True(before == 0, $"{before} of the {Executors} prefetched Low tasks started before the High task");
    }

    /// <summary>Waits for a status, and goes on without it after the reaction limit: the test's own assertion then tells what went wrong.</summary>
    private static async Task WaitUntilAsync(ArgonClient client, Func<ArgonClusterStatus, bool> condition)
    {
        try
        {
            await Eventually.StatusAsync(client, condition, "the prefetched Low tasks are given back");
        }
        catch (TimeoutException)
        {
            // Left to the assertion.
        }
    }
}
