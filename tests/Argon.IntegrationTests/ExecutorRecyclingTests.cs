using System.Diagnostics;
using System.Globalization;
using Argon.Cli.Processes;
using Argon.IntegrationTests.Infrastructure;
using Argon.Samples;
using Argon.TestTasks;

namespace Argon.IntegrationTests;

/// <summary>
/// --max-requests and --max-executor-memory recycle an executor: a fresh one is started and takes over, the old one
/// exits, and no task fails on the way (docs/operations.md, Worker).
/// </summary>
public sealed class ExecutorRecyclingTests
{
    private const int MaxRequests = 10;

    /// <summary>Tasks run after the replacement took over, to show the old executor serves no more.</summary>
    private const int HandOverTasks = 5;

    [Fact]
    public async Task MaxRequests10_AfterTenTasks_ANewExecutorTakesOver_AndTheOldOneExits()
    {
        await using var cluster = await TestCluster.StartAsync(workers: 1, capacity: 1, loadPaths: TaskLibrary.All,
            workerArguments: ["--max-requests", MaxRequests.ToString(CultureInfo.InvariantCulture)]);
        var worker = cluster.Cluster.Workers[0];
        var first = (await Eventually.ExecutorsAsync(worker, e => e.Count == 1, "the worker runs its executor")).Single();
        var from = worker.Lines.Count;

        for (var i = 1; i <= MaxRequests; i++)
        {
            Assert.Equal(first, await cluster.Client.QueueAsync(new WhichProcess(i)).WaitAsync(Limits.Call));
        }

        var replacement = await AssertHandOverAsync(cluster, worker, first);
        var line = await Eventually.LineAfterAsync(worker, from, l => l.Contains("Replaced executor", StringComparison.Ordinal));
        Assert.Contains($"(pid {replacement}): ran {MaxRequests} tasks (--max-requests {MaxRequests})", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MaxExecutorMemory_LeakingTasks_ANewExecutorTakesOver_AndNoTaskFails()
    {
        await using var cluster = await TestCluster.StartAsync(workers: 1, capacity: 1, loadPaths: TaskLibrary.All,
            workerArguments: ["--max-executor-memory", "150MB"]);
        var worker = cluster.Cluster.Workers[0];
        var first = (await Eventually.ExecutorsAsync(worker, e => e.Count == 1, "the worker runs its executor")).Single();
        var from = worker.Lines.Count;

        // Leak 40 MB a task until the worker starts a replacement (it does so before answering the task that passed
        // the limit), then leak no more: a few tasks past 150 MB, not an unbounded hoard.
        // A replacement may already have taken over, and the old executor left, between two looks: the loop ends on
        // any executor but the first, seen in the process list or running a task.
        for (var leaked = 0; ExecutorProcesses.Of(worker).SetEquals([first]); leaked += 40)
        {
            Assert.True(leaked < 1000, $"no replacement was started after {leaked} MB leaked under --max-executor-memory 150MB");
            if (await cluster.Client.QueueAsync(new Leak(40)).WaitAsync(Limits.Call) != first)
            {
                break;
            }

            await cluster.Client.GetStatusAsync().WaitAsync(Limits.Call);
        }

        var replacement = await AssertHandOverAsync(cluster, worker, first);
        var line = await Eventually.LineAfterAsync(worker, from, l => l.Contains("Replaced executor", StringComparison.Ordinal));
        Assert.Contains($"(pid {replacement}): uses ", line, StringComparison.Ordinal);
        Assert.Contains("(--max-executor-memory 150 MB)", line, StringComparison.Ordinal);
        Assert.Equal(0, (await cluster.Client.GetStatusAsync().WaitAsync(Limits.Call)).Failed);
    }

    /// <summary>
    /// Keeps running tasks, one after another, while the old executor (due for recycling) serves them until its
    /// replacement is ready; then the replacement runs every task, the old executor exits, and the pool is back to
    /// its one executor: recycling never leaves more executors than the capacity. Returns the replacement's pid.
    /// </summary>
    private static async Task<int> AssertHandOverAsync(TestCluster cluster, ArgonProcess worker, int old)
    {
        var watch = Stopwatch.StartNew();
        var tasks = 0;
        int pid;
        do
        {
            Assert.True(watch.Elapsed < Limits.Reaction, $"the old executor {old} still ran every task {watch.Elapsed.TotalSeconds:0.#} s ({tasks} tasks) after it was due for recycling");
            pid = await cluster.Client.QueueAsync(new WhichProcess(tasks++)).WaitAsync(Limits.Call);
        }
        while (pid == old);

        for (var i = 0; i < HandOverTasks; i++)
        {
            var next = await cluster.Client.QueueAsync(new WhichProcess(i)).WaitAsync(Limits.Call);
            Assert.True(next == pid, $"after the replacement {pid} took over ({tasks} tasks after the old one was due), a task ran in {next}. " +
                $"Executors: [{string.Join(", ", ExecutorProcesses.Of(worker))}]. Worker output:\n{string.Join('\n', worker.Lines.TakeLast(30))}");
        }

        await Eventually.GoneAsync(old, "the recycled executor exited");
        await Eventually.ExecutorsAsync(worker, e => e.SetEquals([pid]), $"the replacement {pid} is the only executor (capacity 1)");
        Assert.Equal(3, await cluster.Client.QueueAsync(new Add(1, 2)).WaitAsync(Limits.Call));
        return pid;
    }
}
