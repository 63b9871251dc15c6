using Argon.MultiHostTests.Network;

namespace Argon.MultiHostTests;

/// <summary>The harness itself: what it creates, and that it leaves nothing behind.</summary>
[Trait("Category", "MultiHost")]
public sealed class NetworkHarnessTests
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
}
