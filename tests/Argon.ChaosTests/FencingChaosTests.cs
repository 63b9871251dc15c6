using System.Diagnostics;
using Argon.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Argon.ChaosTests;

/// <summary>
/// Issue 17's fencing scenarios over real processes, with task bodies that log each start: a worker killed or
/// frozen under load must not make a call go without its one outcome, nor run a body after its call's outcome was
/// delivered from elsewhere.
/// </summary>
[Trait("Category", "Chaos")]
public sealed class FencingChaosTests(ITestOutputHelper output)
{
    private const int Capacity = 2;
    private const int Calls = 2000;
    private const int Concurrency = 16;
    private const int TaskMilliseconds = 30;

    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan HeartbeatTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Freeze = TimeSpan.FromSeconds(20);

    /// <summary>The whole workload, faults included, on a loaded 2-core machine: generous, it only bounds a broken build.</summary>
    private static readonly TimeSpan Workload = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task WorkerKilled_UnderLoad_EveryCallHasExactlyOneOutcome()
    {
        using var temp = new TempDirectory();
        await using var cluster = await ChaosCluster.StartAsync(direct: 2, proxied: 0, Capacity, HeartbeatInterval, HeartbeatTimeout);
        await using var client = await cluster.ConnectAsync(retry: true);
        var log = new RunLog(temp.Path);
        using var bound = new CancellationTokenSource(Workload);
        var run = log.RunAsync(client, Calls, Concurrency, TaskMilliseconds, bound.Token);

        await DeliveredAsync(log, Calls / 5);
        var slot = cluster.Workers[0];
        var victim = cluster.KillWorker(slot);
        output.WriteLine($"{victim.Name} killed after {log.Delivered} outcomes");
        await Eventually.ExitAsync(victim, Limits.Reaction);
        cluster.StartWorker(slot); // a fresh worker in its place, as after a real crash (the cluster disposes each once)

        await run.WaitAsync(Workload);
        Report(log);
        Assert.Equal(Calls, log.Delivered);
        Assert.Empty(log.DuplicateOutcomes());
        Assert.Empty(log.Failures);
    }

    [Fact]
    public Task WorkerAndExecutorsFrozen_ThenThawed_StartNoBodyAfterItsOutcomeAndKillNoHealthyExecutor() => FreezeAndThawAsync(Freeze);

    /// <summary>
    /// A pause shorter than the heartbeat timeout but long enough to be noticed as one: the manager keeps the worker,
    /// the worker holds its starts until the manager answers its probe, then goes on; still no late start, no kill.
    /// </summary>
    [Fact]
    public Task WorkerAndExecutorsPausedBrieflyUnderLoad_CarryOnWithoutLateStartsOrKills() => FreezeAndThawAsync(TimeSpan.FromSeconds(1.3));

    private async Task FreezeAndThawAsync(TimeSpan freeze)
    {
        using var temp = new TempDirectory();
        await using var cluster = await ChaosCluster.StartAsync(direct: 2, proxied: 0, Capacity, HeartbeatInterval, HeartbeatTimeout);
        await using var client = await cluster.ConnectAsync(retry: true);
        var log = new RunLog(temp.Path);
        using var bound = new CancellationTokenSource(Workload);
        var run = log.RunAsync(client, Calls, Concurrency, TaskMilliseconds, bound.Token);

        await DeliveredAsync(log, Calls / 5);
        var worker = cluster.Workers[0].Process;
        var executors = ExecutorProcesses.Of(worker);
        var from = worker.Lines.Count;
        worker.Freeze(true);
        foreach (var executor in executors)
        {
            ExecutorProcesses.Signal(executor, "STOP");
        }

        output.WriteLine($"{worker.Name} and executors {string.Join(", ", executors)} frozen after {log.Delivered} outcomes");
        try
        {
            await Task.Delay(freeze); // the fault itself: the other worker runs on meanwhile
        }
        finally
        {
            // The executors first: they wake to a worker that is still frozen, the hardest case for them.
            foreach (var executor in executors)
            {
                ExecutorProcesses.Signal(executor, "CONT");
            }

            worker.Freeze(false);
        }

        output.WriteLine($"thawed after {log.Delivered} outcomes");
        await run.WaitAsync(Workload);

        // The thawed worker is back, and its executors have run new tasks in order after whatever they held before.
        var status = await cluster.ConnectAsync(retry: true);
        await using (status)
        {
            await cluster.WaitForFullCapacityAsync(status, FaultInjector.Recovery);
            var after = Directory.CreateDirectory(Path.Combine(temp.Path, "after")).FullName;
            await new RunLog(after).RunAsync(status, 40, 8, TaskMilliseconds, bound.Token);
        }

        Report(log);
        var thawedLines = worker.Lines.Skip(from).ToArray();
        foreach (var line in thawedLines.Where(l => l.Contains("xecutor", StringComparison.Ordinal) || l.Contains("anager", StringComparison.Ordinal) ||
            l.Contains("paused", StringComparison.Ordinal)).Take(20))
        {
            output.WriteLine("worker: " + line);
        }

        Assert.Equal(Calls, log.Delivered);
        Assert.Empty(log.DuplicateOutcomes());
        var late = log.LateStarts();
        Assert.True(late.Count == 0, $"{late.Count} bodies started after their call's outcome was delivered:\n{string.Join('\n', late.Take(20))}");
        var killed = thawedLines.Where(l => l.Contains("has not answered", StringComparison.Ordinal)).ToArray();
        Assert.True(killed.Length == 0, "the thawed worker killed executors that were only paused:\n" + string.Join('\n', killed));
        Assert.All(executors, pid => Assert.False(ExecutorProcesses.IsGone(pid), $"executor {pid} did not survive the freeze"));
    }

    private static async Task DeliveredAsync(RunLog log, int count)
    {
        var watch = Stopwatch.StartNew();
        while (log.Delivered < count)
        {
            Assert.True(watch.Elapsed < Workload, $"only {log.Delivered} outcomes in {watch.Elapsed.TotalSeconds:0} s");
            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }
    }

    private void Report(RunLog log)
    {
        output.WriteLine($"{log.Delivered} outcomes, {log.Failures.Count} failures, {log.DuplicateOutcomes().Count} duplicate outcomes, " +
            $"{log.RepeatedBodies()} calls whose body ran more than once, {log.LateStarts().Count} bodies started after their outcome");
        foreach (var failure in log.Failures.Take(10))
        {
            output.WriteLine($"call {failure.Key}: {failure.Value}");
        }
    }
}
