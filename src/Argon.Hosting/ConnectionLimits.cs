namespace Argon.Hosting;

/// <summary>
/// How many connections a server holds before it closes new ones at once, without any TLS work. A connection is
/// unauthenticated from its accept until its key proof succeeds (at most <c>ProtocolConstants.HandshakeTimeout</c>),
/// then authenticated until it closes. Addresses are counted as they arrive (IPv4, or an IPv6 /64 prefix).
/// Defaults and the reasons for them: docs/operations.md, "Connection limits".
/// </summary>
public sealed class ConnectionLimits
{
    /// <summary>512 unauthenticated in all, 64 unauthenticated per address, 4096 authenticated per address.</summary>
    public static ConnectionLimits Default { get; } = new();

    /// <summary>Connections still in TLS or the key proof, from every address together.</summary>
    public int MaxUnauthenticated { get; init; } = 512;

    /// <summary>Connections still in TLS or the key proof from one address.</summary>
    public int MaxUnauthenticatedPerAddress { get; init; } = 64;

    /// <summary>Authenticated connections from one address: clients and workers behind one NAT share it.</summary>
    public int MaxAuthenticatedPerAddress { get; init; } = 4096;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first limit below 1.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxUnauthenticated, 1, nameof(MaxUnauthenticated));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxUnauthenticatedPerAddress, 1, nameof(MaxUnauthenticatedPerAddress));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAuthenticatedPerAddress, 1, nameof(MaxAuthenticatedPerAddress));
    }
}
