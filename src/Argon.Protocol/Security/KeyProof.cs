using System.Security.Cryptography;
using System.Text;

namespace Argon.Protocol.Security;

/// <summary>
/// The proofs each side sends: HMAC(K, role ‖ client nonce ‖ server nonce ‖ SHA-256(server certificate)).
/// Binding the certificate hash means a relay that terminates TLS itself cannot pass the proofs on.
/// </summary>
public static class KeyProof
{
    private static readonly byte[] ServerLabel = Encoding.ASCII.GetBytes("argon/v2/server");
    private static readonly byte[] ClientLabel = Encoding.ASCII.GetBytes("argon/v2/client");

    /// <summary>The server's proof: HMAC of the server label, both nonces and the certificate hash.</summary>
    public static byte[] ForServer(SharedKey key, byte[] clientNonce, byte[] serverNonce, byte[] certificateHash) =>
        key.Mac(ServerLabel, clientNonce, serverNonce, certificateHash);

    /// <summary>The client's proof: HMAC of the client label, both nonces and the certificate hash.</summary>
    public static byte[] ForClient(SharedKey key, byte[] clientNonce, byte[] serverNonce, byte[] certificateHash) =>
        key.Mac(ClientLabel, clientNonce, serverNonce, certificateHash);

    /// <summary>Compares two proofs in constant time; a missing one never matches.</summary>
    public static bool Matches(byte[] expected, byte[]? actual) =>
        actual is not null && CryptographicOperations.FixedTimeEquals(expected, actual);

    /// <summary>A fresh random nonce for a Hello.</summary>
    public static byte[] NewNonce() => RandomNumberGenerator.GetBytes(ProtocolConstants.NonceSize);
}
