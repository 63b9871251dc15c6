using Argon.IntegrationTests.Infrastructure;
using Argon.Samples;
using Argon.TestTasks;

namespace Argon.IntegrationTests;

/// <summary>
/// An executor holds its next task queued while one runs (docs/operations.md, Executors). A queued task is not
/// yet started: its timeout has not begun, its executor's crash is not its fault, it can be cancelled without
/// running, and it is given back to the manager (and placed again) when an executor falls idle, instead of waiting
/// behind a long task.
/// Capacity 1 makes the second task of a pair the queued one: the manager prefetches one per executor.
/// </summary>
public sealed class ExecutorPipeliningTests
{
    [Fact]
    public async Task QueuedTask_TimeoutCountsFromItsStart_NotFromWhenItWasQueued()
    {
        await using var cluster = await TestCluster.StartAsync(workers: 1, capacity: 1, loadPaths: TaskLibrary.All, workerArguments: ["--task-timeout", "2s"]);

        // The first task a new executor runs also pays for compiling its code paths and the task type's serializer
        // (0.5 to 1 s on a loaded machine, against about 1 ms once warm), and that counts in the task's timeout: with
        // 1.5 s of work it could outlive the 2 s limit itself, which is not what this test is about. Warm it first.
        var executor = await cluster.Client.QueueAsync(new WhichProcessAfter(0)).WaitAsync(Limits.Call);

        // Each runs 1.5 s, within the 2 s limit; the second ends 3 s after it reached the executor.
        var first = cluster.Client.QueueAsync(new WhichProcessAfter(1500));
        var second = cluster.Client.QueueAsync(new WhichProcessAfter(1500));
        var pids = await Task.WhenAll(first, second).WaitAsync(Limits.Call);

        Assert.Equal([executor, executor], pids); // the warm executor ran both, so neither was killed for its timeout
    }

    [Fact]
    public async Task CrashOfTheRunningTask_DoesNotFailTheTaskQueuedBehindIt()
    {
        await using var cluster = await TestCluster.StartAsync(workers: 1, capacity: 1, loadPaths: TaskLibrary.All);
        var before = await cluster.Client.QueueAsync(new WhichProcess(0)).WaitAsync(Limits.Call);

        var crashing = cluster.Client.QueueAsync(new FailFastAfter(500));
        var queued = cluster.Client.QueueAsync(new WhichProcessAfter(10));

        var crash = await Assert.ThrowsAnyAsync<ArgonException>(() => crashing.WaitAsync(Limits.Call));
        Assert.Contains("poison", crash.Message, StringComparison.Ordinal);
        var ranOn = await queued.WaitAsync(Limits.Call);
        Assert.NotEqual(before, ranOn); // it ran on a replacement, after two crashes of its neighbour, and succeeded
    }

    [Fact]
    public async Task ATaskThatFinished_StillSucceedsOnce_WhenTheTaskQueuedBehindItKillsTheExecutorAtOnce()
    {
        await using var cluster = await TestCluster.StartAsync(workers: 1, capacity: 1, loadPaths: TaskLibrary.All);
        var executor = await cluster.Client.QueueAsync(new WhichProcess(0)).WaitAsync(Limits.Call);

        var finishing = cluster.Client.QueueAsync(new WhichProcessAfter(300));
        var crashing = cluster.Client.QueueAsync(new FailFast("queued behind a task that finishes"));

        // Its answer was on the socket before the crashing task started: it is not run again elsewhere.
        Assert.Equal(executor, await finishing.WaitAsync(Limits.Call));
        var crash = await Assert.ThrowsAnyAsync<ArgonException>(() => crashing.WaitAsync(Limits.Call));
        Assert.Contains("poison", crash.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancelledTaskQueuedInAnExecutor_NeverRuns()
    {
        await using var cluster = await TestCluster.StartAsync(workers: 1, capacity: 1, loadPaths: TaskLibrary.All);
        using var temp = new TempDirectory();
        var marker = Path.Combine(temp.Path, "ran");

        using var stopRunning = new CancellationTokenSource();
        var running = cluster.Client.QueueAsync(new WhichProcessAfter(30_000), cancellationToken: stopRunning.Token);
        await Eventually.StatusAsync(cluster.Client, s => s.InFlight == 1, "the long task runs");
        using var cancelTouch = new CancellationTokenSource();
        var touch = cluster.Client.QueueAsync(new TouchFile(marker), cancellationToken: cancelTouch.Token);
        await Eventually.StatusAsync(cluster.Client, s => s.InFlight == 2 && s.Queued == 0, "the marker task is on the worker, queued behind the long one");

        await cancelTouch.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => touch.WaitAsync(Limits.Call));
        await stopRunning.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.WaitAsync(Limits.Call));

        // Had the cancelled task run, it would have run by now: the worker has heard the last of both.
        await Eventually.StatusAsync(cluster.Client, s => s.InFlight == 0 && s.Queued == 0, "the cluster is idle");
        Assert.True(await cluster.Client.QueueAsync(new TouchFile(marker + ".after")).WaitAsync(Limits.Call));
        Assert.True(File.Exists(marker + ".after"));
        Assert.False(File.Exists(marker), "the cancelled task ran");
    }

    [Fact]
    public async Task ShortTasks_FinishWhileALongTaskRuns_OnOneWorkerOfTwoExecutors()
    {
        const int LongMs = 15_000;
        const int ShortMs = 10;
        await using var cluster = await TestCluster.StartAsync(workers: 1, capacity: 2);

        // Warm up: the manager learns that tasks are short and prefetches several per executor.
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => cluster.Client.QueueAsync(new Sleep(ShortMs)))).WaitAsync(Limits.Call);

        var longCall = cluster.Client.QueueAsync(new Sleep(LongMs));
        await Eventually.StatusAsync(cluster.Client, s => s.InFlight == 1, "the long task is running");
        var shortCalls = Enumerable.Range(0, 40).Select(_ => cluster.Client.QueueAsync(new Sleep(ShortMs))).ToArray();

        // A short task queued in the long task's executor is given back when the other one falls idle, and runs there.
        var finished = await Task.WhenAny(Task.WhenAll(shortCalls), longCall).WaitAsync(TimeSpan.FromMilliseconds(2 * LongMs));

        Assert.False(longCall.IsCompleted, $"the long task finished before {shortCalls.Count(c => !c.IsCompleted)} of 40 short ones: they waited behind it");
        Assert.All(await Task.WhenAll(shortCalls), r => Assert.Equal(ShortMs, r));
        Assert.NotSame(longCall, finished);
    }
}
