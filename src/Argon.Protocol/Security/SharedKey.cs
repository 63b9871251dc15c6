using System.Security.Cryptography;
using System.Text;

namespace Argon.Protocol.Security;

/// <summary>
/// The key every peer derives from the cluster's key file: K = HKDF-SHA256(secret, salt, "argon/v2/shared-key").
/// The secret holds at least 128 random bits (<see cref="KeyFile"/> refuses anything weaker), so a fast derivation
/// is enough; the per-cluster salt gives every cluster its own K and its own <see cref="Id"/>.
/// </summary>
public sealed class SharedKey
{
    private const int KeySize = 32;
    private const int IdSize = 8;
    private static readonly byte[] DerivationInfo = Encoding.ASCII.GetBytes("argon/v2/shared-key");
    private static readonly byte[] IdLabel = Encoding.ASCII.GetBytes("argon/v2/key-id");

    private readonly byte[] _key;

    private SharedKey(byte[] salt, byte[] secret, string source)
    {
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, KeySize, salt, DerivationInfo);
        Id = Convert.ToHexStringLower(SHA256.HashData([.. IdLabel, .. salt])[..IdSize]);
        Source = source;
    }

    /// <summary>
    /// Names the key without revealing anything about it: a hash of the cluster's salt alone. Peers exchange ids
    /// before any proof, to agree on a key while one is being rotated.
    /// </summary>
    public string Id { get; }

    /// <summary>Where the key came from (a file's path), for messages.</summary>
    public string Source { get; }

    /// <summary>Reads a key file made by <c>argon keygen</c>.</summary>
    /// <exception cref="KeyFileException">The file cannot be used; the message says how to fix it.</exception>
    public static SharedKey FromFile(string path)
    {
        var (salt, secret) = KeyFile.Read(path);
        return new SharedKey(salt, secret, path);
    }

    /// <summary>A key from the text of a key file.</summary>
    /// <exception cref="KeyFileException">The text is not a strong key.</exception>
    public static SharedKey FromText(string text, string source = "the key text")
    {
        var (salt, secret) = KeyFile.Parse(text, source);
        return new SharedKey(salt, secret, source);
    }

    /// <summary>A fresh random key held only in memory (tests, one-process demos).</summary>
    public static SharedKey Generate() => FromText(KeyFile.Generate(), "a generated key");

    /// <summary>HMAC-SHA256 of the parts under the derived key.</summary>
    public byte[] Mac(ReadOnlySpan<byte> label, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        hmac.AppendData(label);
        hmac.AppendData(a);
        hmac.AppendData(b);
        hmac.AppendData(c);
        return hmac.GetHashAndReset();
    }
}
