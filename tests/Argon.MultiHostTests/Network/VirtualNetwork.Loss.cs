using System.Globalization;

namespace Argon.MultiHostTests.Network;

/// <summary>Packet loss without netem: an nftables rule in the host that drops a random share of what it sends.</summary>
internal sealed partial class VirtualNetwork
{
    private const string LossTable = "argon_loss";

    /// <summary>
    /// Drops each packet the host sends on eth0 with probability <paramref name="lossPercent"/> % (`nft ... numgen
    /// random mod 10000 &lt; N drop` in an output chain of the host's own namespace). Replaces what was set before.
    /// </summary>
    public void Lose(VirtualHost host, double lossPercent)
    {
        ClearLoss(host);
        var outOf10000 = ((int)Math.Round(lossPercent * 100)).ToString(CultureInfo.InvariantCulture);
        NetworkCommand.In(host.Namespace, "nft", "add", "table", "inet", LossTable);
        NetworkCommand.In(host.Namespace, "nft", "add", "chain", "inet", LossTable, "out",
            "{", "type", "filter", "hook", "output", "priority", "0", ";", "policy", "accept", ";", "}");
        NetworkCommand.In(host.Namespace, "nft", "add", "rule", "inet", LossTable, "out",
            "oifname", VirtualHost.Interface, "numgen", "random", "mod", "10000", "<", outOf10000, "counter", "drop");
    }

    /// <summary>How many packets the host's loss rule has dropped so far (0 without one).</summary>
    public long LostPackets(VirtualHost host)
    {
        var (exitCode, output, _) = NetworkCommand.TryRun("ip", "netns", "exec", host.Namespace, "nft", "list", "table", "inet", LossTable);
        var match = System.Text.RegularExpressions.Regex.Match(output, @"counter packets (\d+)");
        return exitCode == 0 && match.Success ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>Sets <see cref="Lose"/> on every host.</summary>
    public void LoseAll(double lossPercent)
    {
        foreach (var host in _hosts)
        {
            Lose(host, lossPercent);
        }
    }

    /// <summary>Removes the host's loss rule, if any.</summary>
    public void ClearLoss(VirtualHost host) =>
        _ = NetworkCommand.TryRun("ip", "netns", "exec", host.Namespace, "nft", "delete", "table", "inet", LossTable);
}
