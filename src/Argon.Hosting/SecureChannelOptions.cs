using System.Security.Cryptography.X509Certificates;
using Argon.Protocol;
using Argon.Protocol.Security;
using Argon.Protocol.Transport;

namespace Argon.Hosting;

/// <summary>What a server needs to accept Argon connections: the shared key, its TLS certificate and its name.</summary>
public sealed class SecureChannelOptions
{
    public SecureChannelOptions(KeyRing keys, X509Certificate2 certificate, string node, int maxFrameSize = ProtocolConstants.DefaultMaxFrameSize)
    {
        Keys = keys;
        Certificate = certificate;
        CertificateHash = ServerCertificate.Hash(certificate);
        Node = node;
        MaxFrameSize = maxFrameSize;
    }

    /// <summary>The keys a peer may prove: one, or two during a rotation.</summary>
    public KeyRing Keys { get; }

    public X509Certificate2 Certificate { get; }

    public byte[] CertificateHash { get; }

    public string Node { get; }

    public int MaxFrameSize { get; }

    /// <summary>Keep-alives on every accepted connection, and how long a silent peer lives.</summary>
    public HeartbeatSettings Heartbeat { get; init; } = HeartbeatSettings.Default;

    /// <summary>How many connections, unauthenticated and authenticated, are held before new ones are closed at once.</summary>
    public ConnectionLimits Limits { get; init; } = ConnectionLimits.Default;
}
