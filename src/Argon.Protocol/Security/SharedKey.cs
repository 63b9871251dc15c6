using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Argon.Protocol.Security;

/// <summary>
/// The key every peer derives from the shared key file. The phrase goes through PBKDF2-HMAC-SHA256
/// with 600,000 iterations, once per process, so a weak phrase is not cheap to brute-force from a
/// captured handshake.
/// </summary>
public sealed class SharedKey
{
    public const int Iterations = 600_000;
    private const int KeySize = 32;
    private static readonly byte[] Salt = Encoding.ASCII.GetBytes("argon-dotnet/shared-key/v1");
    private static readonly ConcurrentDictionary<string, Lazy<SharedKey>> Derived = new(StringComparer.Ordinal);

    private readonly byte[] _key;

    private SharedKey(byte[] key) => _key = key;

    /// <summary>Reads a key file; trailing whitespace is ignored so <c>echo phrase &gt; key</c> works.</summary>
    /// <exception cref="InvalidOperationException">The file is missing or holds no key.</exception>
    public static SharedKey FromFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"Cannot read the key file '{path}': {ex.Message}", ex);
        }

        return FromPhrase(text, path);
    }

    /// <summary>Derives the key from a phrase; the slow derivation runs once per distinct phrase per process.</summary>
    public static SharedKey FromPhrase(string phrase, string source = "the key phrase")
    {
        var trimmed = phrase.TrimEnd();
        if (trimmed.Length == 0)
        {
            throw new InvalidOperationException($"The key in {source} is empty; create one with `argon keygen FILE`.");
        }

        var fingerprint = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(trimmed)));
        return Derived.GetOrAdd(fingerprint, _ => new Lazy<SharedKey>(() => Derive(trimmed))).Value;
    }

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

    private static SharedKey Derive(string phrase) =>
        new(Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(phrase), Salt, Iterations, HashAlgorithmName.SHA256, KeySize));
}
