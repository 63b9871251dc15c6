using System.Diagnostics;
using Argon.MultiHostTests.Cluster;
using Argon.MultiHostTests.Network;
using Xunit.Abstractions;

namespace Argon.MultiHostTests;

/// <summary>
/// A manager, three workers and two client programs, each in a host of its own, talking only over the bridge:
/// every call gets exactly one outcome and it is its own result, on clean links and on slow, lossy ones.
/// </summary>
[Trait("Category", "MultiHost")]
public sealed class ClusterAcrossHostsTests(ITestOutputHelper output)
{
    private const int Capacity = 4;
    private const int Concurrency = 16;

    [MultiHostFact]
    public Task OneManagerThreeWorkersTwoClients_EachOnItsOwnHost_CompleteEveryCallWithItsResult() => RunAsync(2000, "clean links", impair: null);

    /// <summary>
    /// Every host's eth0 delays what it sends by 2 ms ± 1 ms and loses 1 % of it, by netem or, without it, by the link
    /// delayers, whose reports then show that packets were held and dropped.
    /// </summary>
    [MultiHostFact(NeedsLatency = true)]
    public async Task EveryLinkWithLatencyJitterAndLoss_CompletesEveryCallExactlyOnceWithItsResult()
    {
        var delays = new List<LinkDelayStats>();
        await RunAsync(5000, $"2 ms ± 1 ms and 1 % loss on every link ({(NetworkSupport.HasNetem ? "netem" : "link delayer")})",
            network => network.ImpairAllAsync(TimeSpan.FromMilliseconds(2), TimeSpan.FromMilliseconds(1), lossPercent: 1),
            async network =>
            {
                foreach (var host in network.Hosts)
                {
                    await network.ClearImpairmentAsync(host);
                    delays.Add(network.DelayStats(host));
                    output.WriteLine($"{host.Name}: {network.DelayStats(host)}");
                }
            });
        if (!NetworkSupport.HasNetem)
        {
            Assert.All(delays, d => Assert.True(d.Packets > 0, "a host's delayer held no packet"));
            Assert.True(delays.Sum(d => d.Lost) > 0, "the delayers dropped no packet: the test did not test loss");
            Assert.True(delays.Sum(d => d.Packets * d.MeanHold.TotalMilliseconds) / delays.Sum(d => d.Packets) >= 1.5,
                "the packets were held less than 1.5 ms on average, for 2 ms ± 1 ms");
        }
    }

    /// <summary>Every host drops 1 % of what it sends, by an nftables rule: the loss half of the netem test, on kernels without netem.</summary>
    [MultiHostFact(NeedsNftables = true)]
    public async Task EveryLinkLosingOnePercent_CompletesEveryCallExactlyOnceWithItsResult()
    {
        var lost = 0L;
        await RunAsync(5000, "1 % loss on every link (nftables)",
            network =>
            {
                network.LoseAll(lossPercent: 1);
                return Task.CompletedTask;
            },
            network =>
            {
                lost = network.Hosts.Sum(network.LostPackets);
                return Task.CompletedTask;
            });
        output.WriteLine($"packets the hosts' loss rules dropped: {lost}");
        Assert.True(lost > 0, "the loss rules dropped no packet: the test did not test loss");
    }

    /// <summary>Runs the calls from two client hosts after <paramref name="impair"/>; <paramref name="after"/> reads the network before it goes.</summary>
    private async Task RunAsync(int calls, string links, Func<VirtualNetwork, Task>? impair, Func<VirtualNetwork, Task>? after = null)
    {
        using var network = VirtualNetwork.Create("m1", "w1", "w2", "w3", "c1", "c2");
        await using var cluster = await MultiHostCluster.StartAsync(network["m1"], [network["w1"], network["w2"], network["w3"]], Capacity,
            MultiHostTiming.HeartbeatInterval, MultiHostTiming.HeartbeatTimeout);
        if (impair is not null)
        {
            await impair(network);
        }

        var perClient = calls / 2;
        var watch = Stopwatch.StartNew();
        await using var c1 = ClientHost.Start(network["c1"], cluster, new ClientWorkload("echo", perClient, Concurrency));
        await using var c2 = ClientHost.Start(network["c2"], cluster, new ClientWorkload("echo", perClient, Concurrency, FirstId: 1_000_000));
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

        output.WriteLine($"{calls} calls from 2 client hosts through {cluster.ManagerEndpoint} to 3 worker hosts, {links}: " +
            $"{watch.Elapsed.TotalSeconds:0.0} s including the clients' start");
        if (after is not null)
        {
            await after(network);
        }

        LedgerAssert.EachCallOnceWithItsResult(c1.Ledger.Read(), Enumerable.Range(0, perClient));
        LedgerAssert.EachCallOnceWithItsResult(c2.Ledger.Read(), Enumerable.Range(1_000_000, perClient));
    }
}
