using System.Diagnostics;
using Argon.IntegrationTests.Infrastructure;
using Argon.Samples;
using Argon.TestTasks;

namespace Argon.IntegrationTests;

/// <summary>A task past its call's timeout has its executor killed and replaced, and fails with ArgonTimeoutException (DESIGN.md §7).</summary>
[Collection(ExecutorCollection.Name)]
public sealed class ExecutorTimeoutTests(ExecutorClusterFixture fixture)
{
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task CallTimeout_OnTaskIgnoringCancel_FailsWithinThreeSeconds_AndItsExecutorIsReplaced()
    {
        var before = await fixture.FullPoolAsync();
        var options = new ArgonCallOptions { Timeout = TimeSpan.FromSeconds(1) };

        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<ArgonTimeoutException>(() => fixture.Client.QueueAsync(new SpinIgnoringCancel(10_000), options).WaitAsync(Limits.Call));
        watch.Stop();

        Assert.True(watch.Elapsed < Prompt, $"the 1 s timeout took {watch.Elapsed.TotalSeconds:0.00} s to surface");
        Assert.Contains(typeof(SpinIgnoringCancel).FullName!, error.Message, StringComparison.Ordinal);

        // The executor stuck in Thread.Sleep is killed, not left holding its slot for 10 s, and a fresh one takes its place.
        var after = await Eventually.ExecutorsAsync(fixture.Worker, e => e.Count == ExecutorClusterFixture.Capacity && before.Except(e).Count() == 1,
            "the timed-out task's executor was killed and replaced");
        await Eventually.GoneAsync(before.Except(after).Single(), "the timed-out task's executor exited");
        Assert.Equal(3, await fixture.Client.QueueAsync(new Add(1, 2)).WaitAsync(Limits.Call));
    }
}

/// <summary>--task-timeout bounds tasks whose call sets no timeout, the same way (docs/operations.md, Worker).</summary>
public sealed class WorkerTaskTimeoutTests
{
    [Fact]
    public async Task TaskTimeoutFlag_OnTaskIgnoringCancel_FailsWithinThreeSeconds_AndItsExecutorIsReplaced()
    {
        await using var cluster = await TestCluster.StartAsync(workers: 1, capacity: 1, loadPaths: TaskLibrary.All, workerArguments: ["--task-timeout", "1s"]);
        var worker = cluster.Cluster.Workers[0];
        var executor = (await Eventually.ExecutorsAsync(worker, e => e.Count == 1, "the worker runs its executor")).Single();

        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<ArgonTimeoutException>(() => cluster.Client.QueueAsync(new SpinIgnoringCancel(10_000)).WaitAsync(Limits.Call));
        watch.Stop();

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"--task-timeout 1s took {watch.Elapsed.TotalSeconds:0.00} s to surface");
        Assert.Contains(typeof(SpinIgnoringCancel).FullName!, error.Message, StringComparison.Ordinal);
        Assert.Contains("1000 ms", error.Message, StringComparison.Ordinal);
        await Eventually.GoneAsync(executor, "the timed-out task's executor was killed");
        var replacement = (await Eventually.ExecutorsAsync(worker, e => e.Count == 1 && !e.Contains(executor), "a fresh executor replaced it")).Single();
        Assert.Equal(replacement, await cluster.Client.QueueAsync(new WhichProcess(1)).WaitAsync(Limits.Call));
    }
}
