using System.Diagnostics;
using Argon.IntegrationTests.Infrastructure;
using Argon.MultiHostTests.Cluster;
using Argon.MultiHostTests.Network;
using Xunit.Abstractions;

namespace Argon.MultiHostTests;

/// <summary>
/// One worker host cut off from the manager host for 15 s while two client hosts (Retry on) keep every executor
/// busy with LoggedRun calls, whose bodies log each start. Timestamps are all from the machine's monotonic clock,
/// which every process shares whatever its network namespace, so the clients' ledgers and the bodies' logs compare.
/// </summary>
[Trait("Category", "MultiHost")]
public sealed class PartitionedWorkerTests(ITestOutputHelper output)
{
    private const int Capacity = 4;
    private const int ConcurrencyPerClient = 12;
    private const int TaskMilliseconds = 30;
    private const int SecondClientIds = 10_000_000;

    private static readonly TimeSpan Partition = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan RejoinBound = TimeSpan.FromSeconds(5);

    /// <summary>A body that ended just before the cut may still get its outcome out; after this, an outcome came by another way.</summary>
    private static readonly TimeSpan InFlightAtCut = TimeSpan.FromMilliseconds(500);

    /// <summary>The worker and the manager drop each other's packets (blackhole routes); the rest of the network is untouched.</summary>
    [MultiHostFact]
    public Task WorkerBlockedFromManagerFor15s_ItsCallsRunElsewhereInTime_NoBodyStartsAfterItsOutcome_AndItRejoinsWithin5s() =>
        PartitionAsync((network, worker, up) =>
        {
            if (up)
            {
                network.Unblock(worker, network["m1"]);
            }
            else
            {
                network.Block(worker, network["m1"]);
            }
        });

    /// <summary>The worker's switch port goes down: it is cut off from every host, and its packets vanish without an answer.</summary>
    [MultiHostFact]
    public Task WorkerLinkDownFor15s_ItsCallsRunElsewhereInTime_NoBodyStartsAfterItsOutcome_AndItRejoinsWithin5s() =>
        PartitionAsync((network, worker, up) => network.SetLink(worker, up));

    /// <param name="cut">Cuts (false) or heals (true) the path between the worker's host and the manager's.</param>
    private async Task PartitionAsync(Action<VirtualNetwork, VirtualHost, bool> cut)
    {
        using var network = VirtualNetwork.Create("m1", "w1", "w2", "w3", "c1", "c2");
        await using var cluster = await MultiHostCluster.StartAsync(network["m1"], [network["w1"], network["w2"], network["w3"]], Capacity,
            MultiHostTiming.HeartbeatInterval, MultiHostTiming.HeartbeatTimeout);
        var logs = Directory.CreateDirectory(Path.Combine(cluster.Directory, "starts")).FullName;
        var stop = Path.Combine(cluster.Directory, "stop");
        ClientWorkload Load(int first) => new("logged", Calls: 5_000_000, ConcurrencyPerClient, first, TaskMilliseconds, Retry: true, LogDirectory: logs, StopFile: stop);
        await using var c1 = ClientHost.Start(network["c1"], cluster, Load(0));
        await using var c2 = ClientHost.Start(network["c2"], cluster, Load(SecondClientIds));

        var victim = cluster.Workers[0];
        var executors = new HashSet<int>();
        long cutAt, cutDone, healAt;
        long? rejoinedAt;
        try
        {
            await Poll.UntilAsync(() => c1.Ledger.Read().Count + c2.Ledger.Read().Count >= 500, "500 outcomes before the cut", Limits.Startup);
            executors.UnionWith(ExecutorProcesses.Of(victim.Process));
            // The cut takes effect somewhere while `ip` runs (slowly, on a loaded machine): the bounds are measured from
            // before it (cutAt, as healAt below), and a call counts as caught by it if it started on the worker before `ip` returned.
            cutAt = Stopwatch.GetTimestamp();
            cut(network, victim.Host, false);
            cutDone = Stopwatch.GetTimestamp();
            output.WriteLine($"{victim.Host} cut off from m1 in {Stopwatch.GetElapsedTime(cutAt, cutDone).TotalMilliseconds:0} ms; " +
                $"its executors: {string.Join(", ", executors)}");

            // The partition lasts its 15 s; meanwhile note any executor the worker starts (their logs are named by pid).
            await WatchExecutorsAsync(victim, executors, Partition);
            healAt = Stopwatch.GetTimestamp();
            cut(network, victim.Host, true);

            // Rejoined: a body starts again in one of the worker's executors. Give it 3 x the bound before giving up.
            rejoinedAt = await FirstStartAfterAsync(victim, executors, logs, healAt, 3 * RejoinBound);

            // Some more load after the rejoin, when a stale start would show, then the clients stop submitting.
            await WatchExecutorsAsync(victim, executors, TimeSpan.FromSeconds(2));
            await File.WriteAllTextAsync(stop, "");
            await c1.FinishAsync(MultiHostTiming.Workload);
            await c2.FinishAsync(MultiHostTiming.Workload);
        }
        catch
        {
            output.WriteLine(cluster.Output());
            throw;
        }

        var outcomes = c1.Ledger.Read().Concat(c2.Ledger.Read()).ToList();
        var starts = StartLog.Read(logs);
        var deliveredAt = outcomes.GroupBy(o => o.Id).ToDictionary(g => g.Key, g => g.Min(o => o.At));
        output.WriteLine($"{outcomes.Count} outcomes, {starts.Count} body starts, {starts.Count - starts.Select(s => s.Id).Distinct().Count()} repeated");

        // Every call submitted has exactly one outcome, its own result (Retry covers the worker's loss).
        LedgerAssert.EachCallOnceWithItsResult(c1.Ledger.Read(), Enumerable.Range(0, c1.Submitted()));
        LedgerAssert.EachCallOnceWithItsResult(c2.Ledger.Read(), Enumerable.Range(SecondClientIds, c2.Submitted()));

        // The calls running on the worker at the cut (started there, outcome not out at once) start again elsewhere
        // within the heartbeat bound.
        var stranded = starts.Where(s => executors.Contains(s.Executor) && s.At < cutDone && deliveredAt[s.Id] > cutDone + Ticks(InFlightAtCut))
            .Select(s => s.Id).Distinct().ToList();
        Assert.True(stranded.Count > 0, $"no call was caught running on {victim.Host.Name} by the cut: the test did not test re-dispatch");
        var moved = stranded.Select(id => (Id: id, Restart: starts.Where(s => s.Id == id && !executors.Contains(s.Executor) && s.At > cutAt)
            .Select(s => (long?)s.At).Min())).ToList();
        output.WriteLine($"{stranded.Count} calls were running on {victim.Host.Name} at the cut; started elsewhere after " +
            string.Join(", ", moved.Select(m => m.Restart is { } at ? $"{Stopwatch.GetElapsedTime(cutAt, at).TotalSeconds:0.00} s" : "never")));
        Assert.All(moved, m =>
        {
            Assert.True(m.Restart is not null, $"call {m.Id}, running on the cut-off worker, never started elsewhere");
            Assert.True(Stopwatch.GetElapsedTime(cutAt, m.Restart!.Value) <= MultiHostTiming.SilenceBound,
                $"call {m.Id} started elsewhere {Stopwatch.GetElapsedTime(cutAt, m.Restart.Value).TotalSeconds:0.00} s after the cut, " +
                $"beyond {MultiHostTiming.SilenceBound.TotalSeconds:0.0} s");
        });

        // No body starts once its call's outcome was delivered (the cut-off worker's stale work in particular).
        var late = starts.Where(s => deliveredAt.TryGetValue(s.Id, out var at) && s.At > at)
            .Select(s => $"call {s.Id} started in executor {s.Executor} {Stopwatch.GetElapsedTime(deliveredAt[s.Id], s.At).TotalMilliseconds:0} ms after its outcome")
            .ToList();
        Assert.True(late.Count == 0, string.Join('\n', late.Take(10)));

        // The worker is routed to again soon after the heal.
        Assert.True(rejoinedAt is not null, $"{victim.Host.Name} ran no body within {3 * RejoinBound.TotalSeconds:0} s of the heal");
        var rejoin = Stopwatch.GetElapsedTime(healAt, rejoinedAt.Value);
        output.WriteLine($"{victim.Host.Name} started a body again {rejoin.TotalSeconds:0.00} s after the heal");
        Assert.True(rejoin <= RejoinBound, $"{victim.Host.Name} rejoined {rejoin.TotalSeconds:0.00} s after the heal, beyond {RejoinBound.TotalSeconds:0} s");
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    /// <summary>Adds the worker's executors to <paramref name="executors"/> every 50 ms for <paramref name="duration"/>.</summary>
    private static async Task WatchExecutorsAsync(WorkerHost worker, HashSet<int> executors, TimeSpan duration)
    {
        var watch = Stopwatch.StartNew();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (watch.Elapsed < duration && await timer.WaitForNextTickAsync())
        {
            executors.UnionWith(ExecutorProcesses.Of(worker.Process));
        }
    }

    /// <summary>When a body first started in one of the worker's executors after <paramref name="after"/>; null if none within <paramref name="within"/>.</summary>
    private static async Task<long?> FirstStartAfterAsync(WorkerHost worker, HashSet<int> executors, string logs, long after, TimeSpan within)
    {
        var watch = Stopwatch.StartNew();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (await timer.WaitForNextTickAsync())
        {
            executors.UnionWith(ExecutorProcesses.Of(worker.Process));
            var first = StartLog.Read(logs).Where(s => executors.Contains(s.Executor) && s.At > after).Select(s => (long?)s.At).Min();
            if (first is not null || watch.Elapsed > within)
            {
                return first;
            }
        }

        return null;
    }
}
