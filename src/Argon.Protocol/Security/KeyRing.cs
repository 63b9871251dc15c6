namespace Argon.Protocol.Security;

/// <summary>
/// The keys a node accepts: one, or two while the cluster's key is being rotated (<c>--key NEW --key OLD</c>).
/// The first is preferred: a connecting node offers its keys in order and the server picks the first it holds.
/// </summary>
public sealed class KeyRing
{
    /// <summary>The most keys a node holds at once, and offers in its Hello.</summary>
    public const int MaxKeys = 4;

    /// <summary>A ring of 1 to <see cref="MaxKeys"/> keys, the preferred one first.</summary>
    public KeyRing(IReadOnlyList<SharedKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count is 0 or > MaxKeys)
        {
            throw new ArgumentException($"A node holds 1 to {MaxKeys} keys, not {keys.Count}.", nameof(keys));
        }

        Keys = keys;
        Ids = [.. keys.Select(k => k.Id)];
    }

    /// <summary>A ring of one key.</summary>
    public KeyRing(SharedKey key)
        : this([key])
    {
    }

    /// <summary>The keys, the preferred one first.</summary>
    public IReadOnlyList<SharedKey> Keys { get; }

    /// <summary>The keys' ids, preferred first.</summary>
    public IReadOnlyList<string> Ids { get; }

    /// <summary>Reads each key file (see <see cref="SharedKey.FromFile"/>).</summary>
    /// <exception cref="KeyFileException">A file cannot be used, or two files hold the same key.</exception>
    public static KeyRing FromFiles(IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count > MaxKeys)
        {
            throw new KeyFileException($"At most {MaxKeys} key files may be given (two during a rotation), not {paths.Count}.");
        }

        var keys = paths.Select(SharedKey.FromFile).ToList();
        var repeated = keys.GroupBy(k => k.Id).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            throw new KeyFileException($"The key files {string.Join(" and ", repeated.Select(k => $"'{k.Source}'"))} hold the same key; give each key once.");
        }

        return new KeyRing(keys);
    }

    /// <summary>The first of <paramref name="offered"/> that this ring holds, or null.</summary>
    public SharedKey? FirstMatch(IReadOnlyList<string> offered)
    {
        ArgumentNullException.ThrowIfNull(offered);
        foreach (var id in offered)
        {
            foreach (var key in Keys)
            {
                if (key.Id == id)
                {
                    return key;
                }
            }
        }

        return null;
    }

    /// <summary>A ring of one key.</summary>
    public static implicit operator KeyRing(SharedKey key) => new(key);

    /// <summary>A ring of one key.</summary>
    public static KeyRing FromSharedKey(SharedKey key) => new(key);
}
