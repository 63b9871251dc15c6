using System.ComponentModel;

namespace Argon.MultiHostTests.Network;

/// <summary>
/// Whether this machine can run the suite: root, and an `ip` that makes network namespaces; and, for the tests that
/// slow packets, a kernel with `tc netem` or else what the userspace link delayer needs (an iptables that can add an
/// NFQUEUE rule). Each is probed once, in a scratch namespace of its own.
/// </summary>
internal static class NetworkSupport
{
    private static readonly Lazy<string?> NamespacesMissing = new(ProbeNamespaces);
    private static readonly Lazy<string?> NetemMissingProbe = new(ProbeNetem);
    private static readonly Lazy<string?> NftablesMissingProbe = new(ProbeNftables);
    private static readonly Lazy<(string? Tool, string? Missing)> QueueRuleProbe = new(ProbeQueueRule);

    /// <summary>The iptables commands tried, in order, for the delayer's NFQUEUE rule (both from Debian's iptables package).</summary>
    private static readonly string[] QueueRuleTools = ["iptables-nft", "iptables-legacy"];

    /// <summary>Why the suite cannot run here, or null when it can.</summary>
    public static string? Missing => NamespacesMissing.Value;

    /// <summary>Why `tc netem` cannot be used here, or null when it can.</summary>
    public static string? NetemMissing => Missing ?? NetemMissingProbe.Value;

    /// <summary>Whether latency is made by `tc netem` (the kernel has it) rather than by the userspace link delayer.</summary>
    public static bool HasNetem => Missing is null && NetemMissingProbe.Value is null;

    /// <summary>Why no latency can be added here, by netem or by the link delayer, or null when it can.</summary>
    public static string? LatencyMissing =>
        Missing ?? (HasNetem ? null : QueueRuleProbe.Value.Missing is { } delayer ? $"{NetemMissingProbe.Value} And the link delayer cannot run: {delayer}" : null);

    /// <summary>The iptables command that adds the link delayer's NFQUEUE rule on this machine.</summary>
    /// <exception cref="InvalidOperationException">None can (see <see cref="LatencyMissing"/>).</exception>
    public static string QueueRuleTool => QueueRuleProbe.Value.Tool ?? throw new InvalidOperationException(QueueRuleProbe.Value.Missing);

    /// <summary>Why `nft` cannot drop packets here, or null when it can.</summary>
    public static string? NftablesMissing => Missing ?? NftablesMissingProbe.Value;

    private static string? ProbeNamespaces()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "The multi-host suite needs Linux network namespaces.";
        }

        if (!Environment.IsPrivilegedProcess)
        {
            return "The multi-host suite needs root (it creates network namespaces with `ip netns`); run it as root or in CI.";
        }

        return InScratchNamespace("probe", ns => null) is { } error
            ? $"The multi-host suite needs `ip netns` (iproute2) and a kernel with network namespaces, veth and bridges: {error}"
            : null;
    }

    private static string? ProbeNetem() =>
        InScratchNamespace("netem", ns =>
        {
            var (exitCode, _, error) = NetworkCommand.TryRun("ip", "netns", "exec", ns, "tc", "qdisc", "add", "dev", "lo", "root", "netem", "delay", "1ms");
            return exitCode == 0
                ? null
                : $"`tc qdisc add ... netem` fails on this kernel ({error.Trim()}): it lacks sch_netem (CONFIG_NET_SCH_NETEM), so latency and loss cannot be added.";
        });

    private static string? ProbeNftables() =>
        InScratchNamespace("nft", ns =>
        {
            var (exitCode, _, error) = NetworkCommand.TryRun("ip", "netns", "exec", ns, "nft", "add", "table", "inet", "argon_probe");
            return exitCode == 0 ? null : $"`nft` cannot make a table ({error.Trim()}): install Debian's nftables package (test.sh does).";
        });

    /// <summary>
    /// The first iptables that can add the delayer's rule (`-j NFQUEUE`: x_tables' NFQUEUE target, through iptables-nft's
    /// xt compatibility or legacy iptables, as nft's own `queue` statement needs NFT_QUEUE), and the delayer program.
    /// </summary>
    private static (string? Tool, string? Missing) ProbeQueueRule()
    {
        if (!File.Exists(Path.Combine(AppContext.BaseDirectory, LinkDelayer.Program)))
        {
            return (null, $"{LinkDelayer.Program} is not next to the test assembly.");
        }

        string? tool = null;
        var errors = new List<string>();
        var missing = InScratchNamespace("nfqueue", ns =>
        {
            foreach (var candidate in QueueRuleTools)
            {
                var (exitCode, _, error) = NetworkCommand.TryRun("ip", "netns", "exec", ns, candidate,
                    "-A", "OUTPUT", "-o", "lo", "-j", "NFQUEUE", "--queue-num", "0", "--queue-bypass");
                if (exitCode == 0)
                {
                    tool = candidate;
                    return null;
                }

                errors.Add($"{candidate}: {error.Trim()}");
            }

            return $"no iptables adds an NFQUEUE rule ({string.Join("; ", errors)}): install Debian's iptables package (test.sh does), " +
                "on a kernel with CONFIG_NETFILTER_NETLINK_QUEUE and CONFIG_NETFILTER_XT_TARGET_NFQUEUE.";
        });
        return (tool, missing);
    }

    /// <summary>Runs <paramref name="probe"/> in a namespace made for it and always deleted; returns its verdict or what failed.</summary>
    private static string? InScratchNamespace(string name, Func<string, string?> probe)
    {
        var ns = $"{NamespaceNames.Prefix}{Environment.ProcessId}-0-{name}";
        try
        {
            NetworkCommand.Ip("netns", "add", ns);
            NetworkCommand.Ip("-n", ns, "link", "set", "lo", "up");
            return probe(ns);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or Win32Exception)
        {
            return ex.Message;
        }
        finally
        {
            try
            {
                StaleNamespaces.Remove(ns);
            }
            catch (Win32Exception)
            {
                // No `ip` at all: there is nothing to remove either.
            }
        }
    }
}
