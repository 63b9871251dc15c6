using System.Security.Cryptography;
using System.Text;

namespace Argon.Protocol.Security;

/// <summary>
/// The key file format that <c>argon keygen</c> writes: a version line, a random salt for the cluster and a random
/// secret, each in base64. Nothing else is accepted as a key: a pass phrase or a hand-made key is refused, because
/// anyone who reaches a node's port could otherwise guess it offline from a captured handshake.
/// </summary>
/// <example>
/// <code>
/// # Argon cluster key (argon keygen). Keep it secret: mode 0600, the same file on every node.
/// argon-key: 2
/// salt: 3q2+7w0y8yBJ5a4ae1c9cQ==
/// secret: 4Zk6q0w9m3a1d6m1Hk5qk8q3b7m2Qm9yS6v0yP4d2hM=
/// </code>
/// </example>
public static class KeyFile
{
    /// <summary>The fewest random bytes a secret may hold: 128 bits.</summary>
    public const int MinSecretSize = 16;

    /// <summary>The fewest bytes of the cluster's salt.</summary>
    public const int MinSaltSize = 16;

    /// <summary>Bytes of secret and salt that <see cref="Generate"/> writes.</summary>
    public const int GeneratedSecretSize = 32;

    private const int GeneratedSaltSize = 16;
    private const int MaxFileSize = 4096;
    private const string VersionField = "argon-key";
    private const string CurrentVersion = "2";

    /// <summary>The text of a new key file: a fresh random salt and secret.</summary>
    public static string Generate() => Format(RandomNumberGenerator.GetBytes(GeneratedSaltSize), RandomNumberGenerator.GetBytes(GeneratedSecretSize));

    /// <summary>Reads, checks and parses a key file.</summary>
    /// <exception cref="KeyFileException">The file is missing, a folder, unreadable, open to group or others, or not a strong key.</exception>
    public static (byte[] Salt, byte[] Secret) Read(string path)
    {
        var info = new FileInfo(path);
        if (Directory.Exists(path))
        {
            throw new KeyFileException($"The key file '{path}' is a folder; give the path of a file made by `argon keygen FILE`.");
        }

        if (!info.Exists)
        {
            throw new KeyFileException($"The key file '{path}' does not exist; make one with `argon keygen {path}` and copy it to every node.");
        }

        if (!OperatingSystem.IsWindows() && (info.UnixFileMode & OpenModes) != 0)
        {
            var mode = Convert.ToString((int)info.UnixFileMode, 8).PadLeft(4, '0');
            throw new KeyFileException($"The key file '{path}' is open to other users (mode {mode}); run `chmod 600 {path}` so that only its owner can read it.");
        }

        if (info.Length > MaxFileSize)
        {
            throw new KeyFileException($"The key file '{path}' is {info.Length} bytes, too large to be a key; make one with `argon keygen FILE`.");
        }

        string text;
        try
        {
            text = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new KeyFileException($"Cannot read the key file '{path}': {ex.Message}", ex);
        }

        return Parse(text, $"'{path}'");
    }

    /// <summary>Parses the text of a key file.</summary>
    /// <exception cref="KeyFileException">It is not in the format <see cref="Generate"/> writes, or holds too few random bits.</exception>
    public static (byte[] Salt, byte[] Secret) Parse(string text, string source = "the key file")
    {
        ArgumentNullException.ThrowIfNull(text);
        string? version = null, salt = null, secret = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var (name, value) = colon < 0 ? (line, "") : (line[..colon].Trim(), line[(colon + 1)..].Trim());
            switch (name)
            {
                case VersionField: version = value; break;
                case "salt": salt = value; break;
                case "secret": secret = value; break;
                default: throw NotAKey(source);
            }
        }

        if (version is null || salt is null || secret is null)
        {
            throw NotAKey(source);
        }

        if (version != CurrentVersion)
        {
            throw new KeyFileException($"The key file {source} is of format {version}; this version of Argon reads format {CurrentVersion}. Make a new key with `argon keygen FILE`.");
        }

        var saltBytes = Decode(salt, source);
        var secretBytes = Decode(secret, source);
        if (saltBytes.Length < MinSaltSize)
        {
            throw Weak(source, $"its salt has {saltBytes.Length * 8} bits, fewer than {MinSaltSize * 8}");
        }

        if (secretBytes.Length < MinSecretSize)
        {
            throw Weak(source, $"its secret has {secretBytes.Length * 8} bits, fewer than {MinSecretSize * 8}");
        }

        if (LooksMadeByHand(secretBytes))
        {
            throw Weak(source, "its secret repeats one byte or counts up: it was not made from a random source");
        }

        return (saltBytes, secretBytes);
    }

    private const UnixFileMode OpenModes =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    internal static string Format(byte[] salt, byte[] secret) =>
        "# Argon cluster key (argon keygen). Keep it secret: mode 0600, the same file on every node.\n" +
        $"{VersionField}: {CurrentVersion}\nsalt: {Convert.ToBase64String(salt)}\nsecret: {Convert.ToBase64String(secret)}\n";

    private static byte[] Decode(string base64, string source)
    {
        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException ex)
        {
            throw new KeyFileException($"The key file {source} is damaged (a field is not base64); make a new key with `argon keygen FILE`.", ex);
        }
    }

    /// <summary>A run of one byte or a counting sequence: what a person types, never what a random source gives.</summary>
    private static bool LooksMadeByHand(byte[] secret)
    {
        bool same = true, counting = true;
        for (var i = 1; i < secret.Length; i++)
        {
            same &= secret[i] == secret[0];
            counting &= secret[i] == (byte)(secret[i - 1] + 1);
        }

        return same || counting;
    }

    private static KeyFileException NotAKey(string source) => new(
        $"The key file {source} is not an Argon key: make one with `argon keygen FILE` (128 or more random bits and a salt). " +
        "Pass phrases and hand-written keys are refused, because they can be guessed offline.");

    private static KeyFileException Weak(string source, string why) => new(
        $"The key file {source} is too weak: {why}. Make a strong one with `argon keygen FILE`.");
}
