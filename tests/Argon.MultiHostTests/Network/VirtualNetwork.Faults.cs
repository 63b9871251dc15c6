namespace Argon.MultiHostTests.Network;

/// <summary>What a test can do to the links while processes run: cut them (slowing them is in VirtualNetwork.Latency.cs).</summary>
internal sealed partial class VirtualNetwork
{
    /// <summary>
    /// Takes the host's switch port down or up, as a pulled and replugged cable: the host keeps its address and its
    /// sockets, and whatever it sends, or is sent to it, is dropped without an answer.
    /// </summary>
    public void SetLink(VirtualHost host, bool up) =>
        NetworkCommand.Ip("-n", SwitchNamespace, "link", "set", host.SwitchPort, up ? "up" : "down");

    /// <summary>
    /// Drops all traffic between <paramref name="a"/> and <paramref name="b"/>, both ways (a blackhole route to the
    /// other's address in each host), while both keep talking to everyone else.
    /// </summary>
    public void Block(VirtualHost a, VirtualHost b)
    {
        NetworkCommand.Ip("-n", a.Namespace, "route", "add", "blackhole", b.Address + "/32");
        NetworkCommand.Ip("-n", b.Namespace, "route", "add", "blackhole", a.Address + "/32");
    }

    /// <summary>Undoes <see cref="Block"/>.</summary>
    public void Unblock(VirtualHost a, VirtualHost b)
    {
        NetworkCommand.Ip("-n", a.Namespace, "route", "del", "blackhole", b.Address + "/32");
        NetworkCommand.Ip("-n", b.Namespace, "route", "del", "blackhole", a.Address + "/32");
    }
}
