using System.Diagnostics;
using Argon.Cli.Commands;
using Argon.Cli.Processes;
using Argon.IntegrationTests.Infrastructure;
using Argon.MultiHostTests.Network;
using Xunit.Abstractions;

namespace Argon.MultiHostTests;

/// <summary>The harness itself: what it creates, and that it leaves nothing behind.</summary>
[Trait("Category", "MultiHost")]
public sealed class NetworkHarnessTests(ITestOutputHelper output)
{
    [MultiHostFact]
    public void VirtualNetwork_OnDispose_RemovesEveryNamespaceItMade()
    {
        List<string> made;
        using (var network = VirtualNetwork.Create("a1", "b1"))
        {
            made = [.. network.Namespaces];
            Assert.Equal([network.SwitchNamespace, network["a1"].Namespace, network["b1"].Namespace], made);
            Assert.Subset(NamespaceNames.Existing().ToHashSet(), made.ToHashSet());

            // Each host: loopback and eth0 up, its own address, and no route but its subnet's (no way out).
            var a1 = network["a1"];
            Assert.Contains($"inet {a1.Address}/24", NetworkCommand.Ip("-n", a1.Namespace, "addr", "show", "dev", VirtualHost.Interface), StringComparison.Ordinal);
            var routes = NetworkCommand.Ip("-n", a1.Namespace, "route", "show").Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.DoesNotContain(routes, r => r.StartsWith("default", StringComparison.Ordinal));

            // The bridge has one port per host.
            var ports = NetworkCommand.Ip("-n", network.SwitchNamespace, "link", "show", "master", "br0");
            Assert.Contains(a1.SwitchPort + "@", ports, StringComparison.Ordinal);
            Assert.Contains(network["b1"].SwitchPort + "@", ports, StringComparison.Ordinal);
        }

        Assert.Empty(NamespaceNames.Existing().Intersect(made));
    }

    [MultiHostFact]
    public void VirtualNetwork_Create_SweepsNamespacesOfADeadEarlierRun()
    {
        // A pid above the kernel's pid_max (at most 2^22): that run can only be dead.
        var stale = NamespaceNames.Prefix + "2147483646-1-sw";
        NetworkCommand.Ip("netns", "add", stale);
        try
        {
            using var network = VirtualNetwork.Create("a1");
            Assert.DoesNotContain(stale, NamespaceNames.Existing());
        }
        finally
        {
            StaleNamespaces.Remove(stale);
        }
    }

    /// <summary>
    /// A TCP listener (a manager) on b1, probed from a1 and c1 with bash's /dev/tcp: a block cuts a1 and b1 only, a
    /// downed link cuts b1 from everyone, and undoing either restores the path.
    /// </summary>
    [MultiHostFact]
    public async Task BlockAndLinkDown_CutWhatTheySay_AndUndoingThemRestoresThePath()
    {
        using var network = VirtualNetwork.Create("a1", "b1", "c1");
        var (a1, b1, c1) = (network["a1"], network["b1"], network["c1"]);
        using var temp = new TempDirectory();
        var key = Path.Combine(temp.Path, "key");
        KeygenCommand.Write(key, overwrite: false);
        await using var listener = ArgonProcess.Start("manager on b1", ["manager", "--host", b1.Address, "--port", "0", "--key", key], via: b1.Via);
        var port = await listener.WaitForListeningPortAsync("manager", Limits.Startup);
        bool Reaches(VirtualHost from) =>
            NetworkCommand.TryRun("ip", "netns", "exec", from.Namespace, "timeout", "2", "bash", "-c", $"exec 3<>/dev/tcp/{b1.Address}/{port}").ExitCode == 0;

        Assert.True(Reaches(a1), "a1 cannot reach b1 on a clean network");
        Assert.True(Reaches(c1), "c1 cannot reach b1 on a clean network");

        network.Block(a1, b1);
        Assert.False(Reaches(a1), "a1 reaches b1 through a block");
        Assert.True(Reaches(c1), "a block between a1 and b1 cut c1 off");
        network.Unblock(a1, b1);
        await ReachesAgainAsync(() => Reaches(a1), "a1 reaches b1 after the block is undone");

        network.SetLink(b1, up: false);
        Assert.False(Reaches(a1), "a1 reaches b1 while b1's link is down");
        Assert.False(Reaches(c1), "c1 reaches b1 while b1's link is down");
        network.SetLink(b1, up: true);
        await ReachesAgainAsync(() => Reaches(a1) && Reaches(c1), "a1 and c1 reach b1 after its link is up again");
    }

    /// <summary>
    /// The proof that latency is real: TCP connects from a1 to a listener on b1, timed before, during and after 2 ms ±
    /// 1 ms on every link. A connect waits for a SYN from a1 and a SYN-ACK from b1, each held at least 1 ms, so while
    /// the links are slowed no connect takes under 2 ms and the median grows by about 4 ms (asserted: 3 ms); cleared,
    /// they are fast again. Where the link delayers do it, each reports packets it held.
    /// </summary>
    [MultiHostFact(NeedsLatency = true)]
    public async Task ImpairAll_HoldsEveryPacket_ConnectTimesGrowByTwoOneWayDelays()
    {
        const int Connects = 40;
        using var network = VirtualNetwork.Create("a1", "b1");
        var (a1, b1) = (network["a1"], network["b1"]);
        var (listener, port) = await ConnectProbe.ListenAsync(b1, Limits.Startup);
        await using (listener)
        {
            var clean = ConnectProbe.TimeConnects(a1, b1, port, Connects);
            await network.ImpairAllAsync(TimeSpan.FromMilliseconds(2), TimeSpan.FromMilliseconds(1), lossPercent: 0);
            var slowed = ConnectProbe.TimeConnects(a1, b1, port, Connects);
            await network.ClearImpairmentAsync(a1);
            await network.ClearImpairmentAsync(b1);
            var cleared = ConnectProbe.TimeConnects(a1, b1, port, Connects);

            output.WriteLine($"connect a1 -> b1, median (min): clean {Median(clean):0.000} ms ({Min(clean):0.000}), " +
                $"2 ms ± 1 ms {Median(slowed):0.000} ms ({Min(slowed):0.000}), cleared {Median(cleared):0.000} ms ({Min(cleared):0.000})");
            output.WriteLine($"a1: {network.DelayStats(a1)}; b1: {network.DelayStats(b1)}");
            Assert.True(Min(slowed) >= 1.95, $"a connect took {Min(slowed):0.000} ms with both its packets held 1-3 ms");
            Assert.True(Median(slowed) - Median(clean) >= 3, $"the median connect grew by {Median(slowed) - Median(clean):0.000} ms only");
            Assert.True(Min(cleared) < 1.95, $"every connect still took 2 ms or more after the latency was cleared (min {Min(cleared):0.000} ms)");
            if (!NetworkSupport.HasNetem)
            {
                Assert.True(network.DelayStats(a1).Packets > 0 && network.DelayStats(b1).Packets > 0, "a host's delayer held no packet");
                Assert.True(network.DelayStats(a1).MinHold >= TimeSpan.FromMilliseconds(0.95), $"a1 held a packet only {network.DelayStats(a1).MinHold.TotalMilliseconds:0.000} ms");
            }
        }

        static double Median(IReadOnlyList<TimeSpan> times) => times.Order().ElementAt(times.Count / 2).TotalMilliseconds;
        static double Min(IReadOnlyList<TimeSpan> times) => times.Min().TotalMilliseconds;
    }

    private static async Task ReachesAgainAsync(Func<bool> reaches, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!reaches())
        {
            if (watch.Elapsed > Limits.Reaction)
            {
                throw new TimeoutException($"Not within {Limits.Reaction.TotalSeconds:0} s: {what}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }
}
