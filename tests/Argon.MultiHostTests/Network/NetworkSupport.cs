using System.ComponentModel;

namespace Argon.MultiHostTests.Network;

/// <summary>
/// Whether this machine can run the suite: root, and an `ip` that makes network namespaces; and, for the tests that
/// slow or lose packets, a kernel with `tc netem`. Each is probed once, in a scratch namespace of its own.
/// </summary>
internal static class NetworkSupport
{
    private static readonly Lazy<string?> NamespacesMissing = new(ProbeNamespaces);
    private static readonly Lazy<string?> NetemMissingProbe = new(ProbeNetem);
    private static readonly Lazy<string?> NftablesMissingProbe = new(ProbeNftables);

    /// <summary>Why the suite cannot run here, or null when it can.</summary>
    public static string? Missing => NamespacesMissing.Value;

    /// <summary>Why `tc netem` cannot be used here, or null when it can.</summary>
    public static string? NetemMissing => Missing ?? NetemMissingProbe.Value;

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
