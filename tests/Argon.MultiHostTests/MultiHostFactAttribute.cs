using Argon.MultiHostTests.Network;

namespace Argon.MultiHostTests;

/// <summary>
/// A test of the multi-host suite: skipped, with the reason, where network namespaces cannot be made (not root, no
/// `ip netns`) or, with <see cref="NeedsNetem"/>, where the kernel has no `tc netem`, or with
/// <see cref="NeedsNftables"/>, where `nft` is missing. As root on Linux it runs.
/// </summary>
public sealed class MultiHostFactAttribute : FactAttribute
{
    /// <summary>The test adds latency or loss with `tc netem`.</summary>
    public bool NeedsNetem { get; set; }

    /// <summary>The test drops packets with an nftables rule.</summary>
    public bool NeedsNftables { get; set; }

    public override string Skip
    {
        get => base.Skip ?? NetworkSupport.Missing ?? (NeedsNetem ? NetworkSupport.NetemMissing : null) ?? (NeedsNftables ? NetworkSupport.NftablesMissing : null)!;
        set => base.Skip = value;
    }
}
