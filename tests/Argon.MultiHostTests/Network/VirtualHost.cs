namespace Argon.MultiHostTests.Network;

/// <summary>
/// One machine of a <see cref="VirtualNetwork"/>: a network namespace with loopback, and `eth0`, one end of a veth
/// pair whose other end (<see cref="SwitchPort"/>) is a port of the bridge in the switch namespace.
/// </summary>
internal sealed record VirtualHost(string Name, string Namespace, string Address, string SwitchPort)
{
    /// <summary>The interface inside the host's namespace (names are per namespace, so every host has its own eth0).</summary>
    public const string Interface = "eth0";

    /// <summary>The prefix that runs a command in this host: `ip netns exec NAMESPACE`.</summary>
    public IReadOnlyList<string> Via => ["ip", "netns", "exec", Namespace];

    public override string ToString() => $"{Name} ({Address} in {Namespace})";
}
