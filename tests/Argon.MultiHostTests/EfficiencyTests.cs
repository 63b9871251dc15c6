using Argon.MultiHostTests.Cluster;
using Argon.MultiHostTests.Network;
using Xunit.Abstractions;

namespace Argon.MultiHostTests;

/// <summary>
/// W3 of docs/performance.md across hosts: Sleep(20) on 3 workers of capacity 4, 2 x capacity in flight from one
/// client host, a first pass to warm up and a timed second one. The figure goes to the test output; the only
/// assertion is a wide sanity bound.
/// </summary>
[Trait("Category", "MultiHost")]
public sealed class EfficiencyTests(ITestOutputHelper output)
{
    private const int Workers = 3;
    private const int Capacity = 4;
    private const int SleepMilliseconds = 20;
    private const int CallsPerPass = 2400;

    [MultiHostFact]
    public async Task W3SleepLoad_ThreeWorkerHosts_ReportsEfficiency()
    {
        using var network = VirtualNetwork.Create("m1", "w1", "w2", "w3", "c1");
        await using var cluster = await MultiHostCluster.StartAsync(network["m1"], [network["w1"], network["w2"], network["w3"]], Capacity,
            MultiHostTiming.HeartbeatInterval, MultiHostTiming.HeartbeatTimeout);

        // 2 ms ± 1 ms on every link where the kernel has netem; without it the figure is for the bare veth links, and says so.
        var latency = NetworkSupport.NetemMissing is null ? "2 ms ± 1 ms on every link" : "no added latency (this kernel has no netem)";
        if (NetworkSupport.NetemMissing is null)
        {
            network.ImpairAll(TimeSpan.FromMilliseconds(2), TimeSpan.FromMilliseconds(1), lossPercent: 0);
        }

        await using var client = ClientHost.Start(network["c1"], cluster,
            new ClientWorkload("sleep", CallsPerPass, Concurrency: 2 * Workers * Capacity, Milliseconds: SleepMilliseconds, Passes: 2));
        try
        {
            await client.FinishAsync(MultiHostTiming.Workload);
        }
        catch
        {
            output.WriteLine(cluster.Output());
            throw;
        }

        LedgerAssert.EachCallOnceWithItsResult(client.Ledger.Read(), Enumerable.Range(0, 2 * CallsPerPass));
        var ideal = Workers * Capacity * (1000.0 / SleepMilliseconds);
        var first = CallsPerPass / client.PassElapsed(1).TotalSeconds;
        var timed = CallsPerPass / client.PassElapsed(2).TotalSeconds;
        output.WriteLine($"W3 across hosts, {Workers} workers x {Capacity}, {latency}: {timed:0} tasks/s, efficiency {timed / ideal:0.000} " +
            $"(first pass {first:0} tasks/s, {first / ideal:0.000}); ideal {ideal:0} tasks/s");
        Assert.InRange(timed / ideal, 0.2, 1.05);
    }
}
