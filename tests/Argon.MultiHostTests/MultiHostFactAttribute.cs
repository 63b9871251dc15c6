using Argon.MultiHostTests.Network;

namespace Argon.MultiHostTests;

/// <summary>
/// A test of the multi-host suite: skipped, with the reason, where network namespaces cannot be made (not root, no
/// `ip netns`) or, with <see cref="NeedsLatency"/>, where neither `tc netem` nor the userspace link delayer can slow
/// packets, or with
/// <see cref="NeedsNftables"/>, where `nft` is missing. As root on Linux it runs.
/// </summary>
public sealed class MultiHostFactAttribute : FactAttribute
{
    /// <summary>The test adds latency (<see cref="Network.VirtualNetwork.ImpairAsync"/>): by `tc netem`, or by the link delayer without it.</summary>
    public bool NeedsLatency { get; set; }

    /// <summary>The test drops packets with an nftables rule.</summary>
    public bool NeedsNftables { get; set; }

    public override string Skip
    {
        get => base.Skip ?? NetworkSupport.Missing ?? (NeedsLatency ? NetworkSupport.LatencyMissing : null) ?? (NeedsNftables ? NetworkSupport.NftablesMissing : null)!;
        set => base.Skip = value;
    }
}
