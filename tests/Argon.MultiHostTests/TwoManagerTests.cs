using System.Diagnostics;
using Argon.IntegrationTests.Infrastructure;
using Argon.MultiHostTests.Cluster;
using Argon.MultiHostTests.Network;
using Xunit.Abstractions;

namespace Argon.MultiHostTests;

/// <summary>
/// Two managers, each in a host of its own, with every worker registered with both (`--manager m1:P,m2:P`) and two
/// client hosts spreading their calls over both (ArgonClientOptions.Managers): a worker's capacity holds whatever
/// both send, a client cut from one manager keeps going through the other, and a manager killed -9 mid-run loses no
/// call. Timestamps are from the machine's monotonic clock, which every process shares whatever its namespace.
/// </summary>
[Trait("Category", "MultiHost")]
public sealed class TwoManagerTests(ITestOutputHelper output)
{
    private const int Capacity = 4;
    private const int SecondClientIds = 10_000_000;

    /// <summary>
    /// 2 workers (capacity 4) on both managers, 2 clients on both keeping 32 Sleep calls of 20-40 ms in flight: each
    /// worker's own /metrics says it never ran more than 4 at once, each manager completed tasks on each worker (the
    /// two managers' work really overlapped there), and every call has exactly one outcome, its own.
    /// </summary>
    [MultiHostFact]
    public async Task WorkerOnTwoManagersUnderLoad_NeverRunsMoreThanItsCapacity_ByItsOwnMetrics()
    {
        using var network = VirtualNetwork.Create("m1", "m2", "w1", "w2", "c1", "c2");
        await using var cluster = await MultiHostCluster.StartAsync([network["m1"], network["m2"]], [network["w1"], network["w2"]], Capacity,
            MultiHostTiming.HeartbeatInterval, MultiHostTiming.HeartbeatTimeout, workerMetrics: true);
        const int perClient = 800;
        ClientWorkload Load(int first) => new("sleep", perClient, Concurrency: 16, first, Milliseconds: 20, MillisecondsMax: 40, Report: true);
        await using var c1 = ClientHost.Start(network["c1"], cluster, Load(0));
        await using var c2 = ClientHost.Start(network["c2"], cluster, Load(SecondClientIds));
        try
        {
            await c1.FinishAsync(MultiHostTiming.Workload);
            await c2.FinishAsync(MultiHostTiming.Workload);
        }
        catch
        {
            output.WriteLine(cluster.Output());
            throw;
        }

        LedgerAssert.EachCallOnceWithItsResult(c1.Ledger.Read(), Enumerable.Range(0, perClient));
        LedgerAssert.EachCallOnceWithItsResult(c2.Ledger.Read(), Enumerable.Range(SecondClientIds, perClient));

        var seen = c1.Seen();
        output.WriteLine(string.Join('\n', seen.Select(s => $"{s.Manager} saw {s.Worker}: {s.Completed} completed")));
        foreach (var worker in cluster.Workers)
        {
            var peak = MultiHostCluster.WorkerMetric(worker, "argon_worker_tasks_running_peak");
            var completed = MultiHostCluster.WorkerMetric(worker, "argon_worker_task_duration_seconds_count{status=\"succeeded\"}");
            output.WriteLine($"{worker.Host.Name}: argon_worker_tasks_running_peak {peak}, tasks succeeded {completed}");
            Assert.True(peak is not null, $"{worker.Host.Name}'s /metrics has no argon_worker_tasks_running_peak");
            Assert.InRange(peak.Value, 1, Capacity);

            // Both managers ran tasks on this worker: the load from the two overlapped on its executors.
            foreach (var manager in cluster.Managers)
            {
                var there = seen.Where(s => s.Manager == manager.Endpoint && IsAddressOf(s.Worker, worker.Host)).Sum(s => s.Completed);
                Assert.True(there > 0, $"{manager.Host.Name} completed no task on {worker.Host.Name}: the worker did not serve both managers");
            }
        }
    }

    /// <summary>
    /// 3 workers on both managers, 2 clients on both (Retry on) keeping 24 LoggedRun calls of 30 ms in flight; c1 is
    /// cut from m1 (blackhole routes both ways) for 15 s. No call fails, each has exactly one outcome, its own; c1
    /// keeps getting outcomes through m2 for the whole partition once its loss of m1 is noticed (no gap of 2 s or more).
    /// </summary>
    [MultiHostFact]
    public async Task ClientBlockedFromOneManagerFor15s_ItsCallsContinueThroughTheOther_NoneFails_EachOnceWithItsResult()
    {
        using var network = VirtualNetwork.Create("m1", "m2", "w1", "w2", "w3", "c1", "c2");
        await using var cluster = await MultiHostCluster.StartAsync([network["m1"], network["m2"]], [network["w1"], network["w2"], network["w3"]], Capacity,
            MultiHostTiming.HeartbeatInterval, MultiHostTiming.HeartbeatTimeout);
        var logs = Directory.CreateDirectory(Path.Combine(cluster.Directory, "starts")).FullName;
        var stop = Path.Combine(cluster.Directory, "stop");
        ClientWorkload Load(int first) => new("logged", Calls: 5_000_000, Concurrency: 12, first, Milliseconds: 30, Retry: true, LogDirectory: logs, StopFile: stop);
        await using var c1 = ClientHost.Start(network["c1"], cluster, Load(0));
        await using var c2 = ClientHost.Start(network["c2"], cluster, Load(SecondClientIds));

        var partition = TimeSpan.FromSeconds(15);
        long cutAt, cutDone, healAt;
        try
        {
            await Poll.UntilAsync(() => c1.Ledger.Read().Count >= 200 && c2.Ledger.Read().Count >= 200, "200 outcomes per client before the cut", Limits.Startup);
            cutAt = Stopwatch.GetTimestamp();
            network.Block(network["c1"], network["m1"]);
            cutDone = Stopwatch.GetTimestamp();
            output.WriteLine($"c1 cut off from m1 in {Stopwatch.GetElapsedTime(cutAt, cutDone).TotalMilliseconds:0} ms");
            await Task.Delay(partition);
            healAt = Stopwatch.GetTimestamp();
            network.Unblock(network["c1"], network["m1"]);

            // Some load after the heal, then the clients stop submitting and finish what they have.
            await Task.Delay(TimeSpan.FromSeconds(2));
            await File.WriteAllTextAsync(stop, "");
            await c1.FinishAsync(MultiHostTiming.Workload);
            await c2.FinishAsync(MultiHostTiming.Workload);
        }
        catch
        {
            output.WriteLine(cluster.Output());
            throw;
        }

        var c1Outcomes = c1.Ledger.Read();
        var c2Outcomes = c2.Ledger.Read();
        output.WriteLine($"c1: {c1Outcomes.Count} outcomes, c2: {c2Outcomes.Count}");
        LedgerAssert.EachCallOnceWithItsResult(c1Outcomes, Enumerable.Range(0, c1.Submitted()));
        LedgerAssert.EachCallOnceWithItsResult(c2Outcomes, Enumerable.Range(SecondClientIds, c2.Submitted()));

        // During the partition: from when c1 must have noticed m1's silence (the heartbeat bound) to the heal, its
        // outcomes keep coming, through m2.
        var from = cutAt + Ticks(MultiHostTiming.SilenceBound);
        var during = c1Outcomes.Where(o => o.At >= from && o.At <= healAt).Select(o => o.At).Order().ToList();
        var firstAfterCut = c1Outcomes.Where(o => o.At > cutDone).Select(o => o.At).DefaultIfEmpty(long.MaxValue).Min();
        var gaps = during.Prepend(from).Append(healAt).Zip(during.Append(healAt), (a, b) => Stopwatch.GetElapsedTime(a, b)).ToList();
        var longest = gaps.Max();
        output.WriteLine($"c1 outcomes from {MultiHostTiming.SilenceBound.TotalSeconds:0.0} s after the cut to the heal: {during.Count} " +
            $"(c1 in the whole partition: {c1Outcomes.Count(o => o.At > cutDone && o.At <= healAt)}); first after the cut " +
            $"{(firstAfterCut == long.MaxValue ? "never" : $"{Stopwatch.GetElapsedTime(cutDone, firstAfterCut).TotalMilliseconds:0} ms")}; " +
            $"longest gap {longest.TotalMilliseconds:0} ms");
        Assert.True(during.Count >= 100, $"c1 got only {during.Count} outcomes in the partition after its loss of m1 was due: its calls did not continue through m2");
        Assert.True(longest < TimeSpan.FromSeconds(2), $"c1 got no outcome for {longest.TotalSeconds:0.0} s during the partition");
    }

    /// <summary>
    /// 3 workers on both managers, 2 clients on both (Retry on), 2,000 LoggedRun calls of 20-50 ms (by id); m1 is
    /// killed -9 mid-run (after 600 outcomes and 3 s of them). Every call has exactly one outcome, its own; within
    /// 10 s of the kill a 1 s window of outcomes is back to at least half the median 1 s window before it. No body
    /// that had started before the kill starts again: the workers keep the lost manager's started tasks as orphans,
    /// and m2 attaches the re-submitted calls to them (docs/decisions.md, "No work done twice when a manager dies").
    /// </summary>
    [MultiHostFact]
    public async Task ManagerKilledDuring2000Calls_EachCallHasOneOutcome_NoStartedTaskRunsTwice_ThroughputRecoversWithin10s()
    {
        using var network = VirtualNetwork.Create("m1", "m2", "w1", "w2", "w3", "c1", "c2");
        await using var cluster = await MultiHostCluster.StartAsync([network["m1"], network["m2"]], [network["w1"], network["w2"], network["w3"]], Capacity,
            MultiHostTiming.HeartbeatInterval, MultiHostTiming.HeartbeatTimeout);
        var logs = Directory.CreateDirectory(Path.Combine(cluster.Directory, "starts")).FullName;
        const int perClient = 1000;
        ClientWorkload Load(int first) => new("logged", perClient, Concurrency: 12, first, Milliseconds: 20, Retry: true, LogDirectory: logs, MillisecondsMax: 50);
        await using var c1 = ClientHost.Start(network["c1"], cluster, Load(0));
        await using var c2 = ClientHost.Start(network["c2"], cluster, Load(SecondClientIds));

        long killAt, killDone;
        try
        {
            // At least 600 outcomes and 3 s of them: some 1 s windows of the 2-manager level to compare with.
            await Poll.UntilAsync(() =>
            {
                var so = c1.Ledger.Read().Concat(c2.Ledger.Read()).ToList();
                return so.Count >= 600 && Stopwatch.GetElapsedTime(so.Min(o => o.At)) >= TimeSpan.FromSeconds(3);
            }, "600 outcomes and 3 s of them before the kill", Limits.Startup);
            killAt = Stopwatch.GetTimestamp();
            cluster.Managers[0].Process.Kill();
            killDone = Stopwatch.GetTimestamp();
            output.WriteLine($"killed -9 {cluster.Managers[0].Process.Name} (pid {cluster.Managers[0].Process.Pid}) after " +
                $"{c1.Ledger.Read().Count + c2.Ledger.Read().Count} outcomes");
            await c1.FinishAsync(MultiHostTiming.Workload);
            await c2.FinishAsync(MultiHostTiming.Workload);
        }
        catch
        {
            output.WriteLine(cluster.Output());
            throw;
        }

        var c1Outcomes = c1.Ledger.Read();
        var c2Outcomes = c2.Ledger.Read();
        LedgerAssert.EachCallOnceWithItsResult(c1Outcomes, Enumerable.Range(0, perClient));
        LedgerAssert.EachCallOnceWithItsResult(c2Outcomes, Enumerable.Range(SecondClientIds, perClient));

        // Throughput: outcomes per 1 s window (both clients), windows starting every 250 ms.
        var times = c1Outcomes.Concat(c2Outcomes).Select(o => o.At).Order().ToArray();
        var second = Ticks(TimeSpan.FromSeconds(1));
        var step = Ticks(TimeSpan.FromMilliseconds(250));
        int Window(long start) => CountBetween(times, start, start + second);

        // Before: from 1 s after the first outcome (the start's ramp) to the kill. After: windows that end within 10 s
        // of the kill, and before the run's tail (the last 24 outcomes, when fewer calls are left than lanes).
        var before = new List<int>();
        for (var start = times[0] + second; start + second <= killAt; start += step)
        {
            before.Add(Window(start));
        }

        Assert.True(before.Count > 0, "the kill came less than 2 s after the first outcome: no window of the 2-manager level to compare with");
        var level = before.Order().ElementAt(before.Count / 2);
        var tail = times[^Math.Min(times.Length, 24)];
        var after = new List<(TimeSpan End, int Count)>();
        for (var start = killAt; start + second <= killAt + Ticks(TimeSpan.FromSeconds(10)) && start + second <= tail; start += step)
        {
            after.Add((Stopwatch.GetElapsedTime(killAt, start + second), Window(start)));
        }

        var recovered = after.Where(w => w.Count >= level / 2.0).Select(w => (TimeSpan?)w.End).FirstOrDefault();
        output.WriteLine($"2-manager level: median {level} outcomes per 1 s over {before.Count} windows before the kill; after the kill " +
            $"(window end: count): {string.Join(", ", after.Where((_, i) => i % 4 == 3 || i == 0).Select(w => $"{w.End.TotalSeconds:0.00} s: {w.Count}"))}");
        output.WriteLine(recovered is { } at
            ? $"back to at least half the 2-manager level in the 1 s window ending {at.TotalSeconds:0.00} s after the kill"
            : "not back to half the 2-manager level within 10 s of the kill");
        Assert.True(after.Count > 0, "the run ended less than 1 s after the kill: no window to show recovery");
        Assert.True(recovered is not null,
            $"throughput not back to half the 2-manager level ({level} per s) within 10 s of the kill: {string.Join(", ", after.Select(w => w.Count))}");

        // Re-runs: calls whose body had started before the kill (before Kill returned: m1 may dispatch until it dies)
        // and started again after that start. Calls that had not started may run after the failover, once.
        var starts = StartLog.Read(logs);
        var firstStart = starts.GroupBy(s => s.Id).ToDictionary(g => g.Key, g => g.Min(s => s.At));
        var startedBefore = firstStart.Where(p => p.Value < killDone).Select(p => p.Key).ToHashSet();
        var deliveredAt = c1Outcomes.Concat(c2Outcomes).ToDictionary(o => o.Id, o => o.At);
        var runningAtKill = startedBefore.Count(id => deliveredAt[id] > killAt);
        var rerun = starts.Where(s => startedBefore.Contains(s.Id) && s.At > firstStart[s.Id]).Select(s => s.Id).Distinct().ToList();
        output.WriteLine($"{starts.Count} body starts for 2000 calls ({starts.Count - firstStart.Count} repeated); {runningAtKill} calls had " +
            $"started before the kill with their outcome after it; {rerun.Count} of the calls started before the kill started again" +
            $"{(rerun.Count > 0 ? $": {string.Join(", ", rerun.Take(10))}" : "")}");
        Assert.True(runningAtKill > 0, "no call was running when m1 died: the test did not test attaching");
        Assert.Empty(rerun);
    }

    /// <summary>Whether a worker address a manager reports ("A:PORT", or IPv4-mapped "[::ffff:A]:PORT") is the host's.</summary>
    private static bool IsAddressOf(string seen, VirtualHost host)
    {
        var plain = seen.Replace("[::ffff:", "", StringComparison.Ordinal).Replace("]", "", StringComparison.Ordinal);
        return plain == host.Address || plain.StartsWith(host.Address + ":", StringComparison.Ordinal);
    }

    /// <summary>How many of the sorted <paramref name="times"/> are in [from, to).</summary>
    private static int CountBetween(long[] times, long from, long to)
    {
        static int Lower(long[] sorted, long value)
        {
            var index = Array.BinarySearch(sorted, value);
            if (index < 0)
            {
                return ~index;
            }

            while (index > 0 && sorted[index - 1] == value)
            {
                index--;
            }

            return index;
        }

        return Lower(times, to) - Lower(times, from);
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
