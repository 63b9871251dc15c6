using System.Globalization;

namespace Argon.MultiHostTests.Network;

/// <summary>What a test can do to the links while processes run: slow them, lose packets, cut them.</summary>
internal sealed partial class VirtualNetwork
{
    /// <summary>
    /// `tc netem` on the host's eth0: every packet it sends waits <paramref name="delay"/> ± <paramref name="jitter"/>
    /// and is lost with probability <paramref name="lossPercent"/> %. Replaces what was set before.
    /// </summary>
    public void Impair(VirtualHost host, TimeSpan delay, TimeSpan jitter, double lossPercent)
    {
        NetworkCommand.In(host.Namespace, "tc", "qdisc", "replace", "dev", VirtualHost.Interface, "root", "netem",
            "delay", Microseconds(delay), Microseconds(jitter), "loss", lossPercent.ToString("0.###", CultureInfo.InvariantCulture) + "%");
    }

    /// <summary>Sets <see cref="Impair"/> on every host.</summary>
    public void ImpairAll(TimeSpan delay, TimeSpan jitter, double lossPercent)
    {
        foreach (var host in _hosts)
        {
            Impair(host, delay, jitter, lossPercent);
        }
    }

    /// <summary>Removes the host's netem, if any.</summary>
    public void ClearImpairment(VirtualHost host) =>
        _ = NetworkCommand.TryRun("ip", "netns", "exec", host.Namespace, "tc", "qdisc", "del", "dev", VirtualHost.Interface, "root");

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

    private static string Microseconds(TimeSpan span) =>
        ((long)span.TotalMicroseconds).ToString(CultureInfo.InvariantCulture) + "us";
}
