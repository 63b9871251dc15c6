using System.Globalization;

namespace Argon.MultiHostTests.Network;

/// <summary>
/// Hosts on one switch, each in a network namespace of its own: a bridge `br0` in a dedicated switch namespace, and
/// per host a namespace with loopback up and `eth0`, a veth whose peer is a port of the bridge, addressed in a /24 of
/// 10.0.0.0/8 chosen per run. No default route, no NAT, nothing in the root namespace: a packet can only go from
/// one host to another over the bridge. <see cref="Dispose"/> kills whatever still runs in the namespaces and deletes
/// them all (their interfaces go with them); <see cref="Create"/> first sweeps what a killed earlier run left.
/// </summary>
internal sealed partial class VirtualNetwork : IDisposable
{
    private const string Bridge = "br0";
    private readonly List<string> _namespaces = [];
    private readonly List<VirtualHost> _hosts = [];
    private readonly string _prefix;
    private readonly string _subnet;

    private VirtualNetwork(string prefix, int number)
    {
        _prefix = prefix;
        SwitchNamespace = prefix + "sw";
        var pid = Environment.ProcessId;
        _subnet = string.Create(CultureInfo.InvariantCulture, $"10.{64 + (pid >> 8) % 128}.{(pid + number) % 256}");
    }

    /// <summary>The namespace of the bridge: no address, no processes.</summary>
    public string SwitchNamespace { get; }

    public IReadOnlyList<VirtualHost> Hosts => _hosts;

    /// <summary>Every namespace this network made, the switch's first.</summary>
    public IReadOnlyList<string> Namespaces => _namespaces;

    public VirtualHost this[string name] => _hosts.Single(h => h.Name == name);

    /// <summary>Builds a network of hosts named <paramref name="hostNames"/> (short: "m1", "w2", "c1").</summary>
    public static VirtualNetwork Create(params string[] hostNames)
    {
        StaleNamespaces.Sweep();
        var (prefix, number) = NamespaceNames.NextNetwork();
        var network = new VirtualNetwork(prefix, number);
        try
        {
            network.AddSwitch();
            foreach (var name in hostNames)
            {
                network.AddHost(name);
            }

            return network;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>Stops the link delayers, kills what still runs in the hosts, deletes every namespace, and checks that none is left.</summary>
    /// <exception cref="InvalidOperationException">A namespace could not be deleted.</exception>
    public void Dispose()
    {
        try
        {
            StopDelayers();
        }
        finally
        {
            // Whatever the delayers did, the namespaces go (and any delayer left in them with a kill -9).
            for (var i = _namespaces.Count - 1; i >= 0; i--)
            {
                StaleNamespaces.Remove(_namespaces[i]);
            }
        }

        var left = NamespaceNames.Existing().Where(_namespaces.Contains).ToList();
        _namespaces.Clear();
        if (left.Count > 0)
        {
            throw new InvalidOperationException($"namespaces left after cleanup: {string.Join(", ", left)}");
        }
    }

    private void AddSwitch()
    {
        AddNamespace(SwitchNamespace);
        NetworkCommand.Ip("-n", SwitchNamespace, "link", "add", Bridge, "type", "bridge");
        NetworkCommand.Ip("-n", SwitchNamespace, "link", "set", Bridge, "up");
    }

    private void AddHost(string name)
    {
        var ns = _prefix + name;
        var host = new VirtualHost(name, ns, $"{_subnet}.{_hosts.Count + 1}", "p-" + name);
        if (host.SwitchPort.Length > 15)
        {
            throw new ArgumentException($"host name '{name}' is too long for an interface name", nameof(name));
        }

        AddNamespace(ns);
        // Both ends are made straight inside their namespaces: the root namespace never holds either.
        NetworkCommand.Ip("link", "add", VirtualHost.Interface, "netns", ns, "type", "veth", "peer", "name", host.SwitchPort, "netns", SwitchNamespace);
        NetworkCommand.Ip("-n", SwitchNamespace, "link", "set", host.SwitchPort, "master", Bridge);
        NetworkCommand.Ip("-n", SwitchNamespace, "link", "set", host.SwitchPort, "up");
        NetworkCommand.Ip("-n", ns, "addr", "add", host.Address + "/24", "dev", VirtualHost.Interface);
        NetworkCommand.Ip("-n", ns, "link", "set", VirtualHost.Interface, "up");
        _hosts.Add(host);
    }

    private void AddNamespace(string ns)
    {
        NetworkCommand.Ip("netns", "add", ns);
        _namespaces.Add(ns);
        NetworkCommand.Ip("-n", ns, "link", "set", "lo", "up");
    }
}
