using System.Security.Cryptography;
using Argon.Protocol;
using Microsoft.Extensions.Logging;

namespace Argon.Worker.Shipping;

/// <summary>
/// Shipped assemblies on disk, named by the SHA-256 of their bytes (hash.dll), in a folder inside the worker's
/// private socket directory (mode 0700). Bounded in bytes: past the bound, the least recently used assemblies
/// are deleted (an executor that already loaded one keeps its copy; a later task asks for it again).
/// </summary>
internal sealed class CodeCache
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly long _maxBytes;
    private readonly ILogger _logger;
    private long _bytes;
    private long _clock;

    public CodeCache(string directory, long maxBytes, ILogger logger)
    {
        Directory = directory;
        _maxBytes = maxBytes;
        _logger = logger;
        System.IO.Directory.CreateDirectory(directory);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public string Directory { get; }

    /// <summary>How many assemblies were stored since the worker started (what was shipped to it).</summary>
    public long Stored { get; private set; }

    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    /// <summary>The hashes of <paramref name="hashes"/> not in the cache; the ones present count as just used.</summary>
    public List<string> Missing(IEnumerable<string> hashes)
    {
        var missing = new List<string>();
        lock (_gate)
        {
            foreach (var hash in hashes)
            {
                if (_entries.TryGetValue(hash, out var entry))
                {
                    entry.LastUsed = ++_clock;
                }
                else if (!missing.Contains(hash))
                {
                    missing.Add(hash);
                }
            }
        }

        return missing;
    }

    /// <summary>
    /// Stores an assembly if its bytes have the hash it claims; false (and nothing stored) otherwise. The file is
    /// written asynchronously, never on a connection's read loop; an I/O failure (a full disk, say) throws, and
    /// fails only the task that needed the assembly.
    /// </summary>
    public async Task<bool> TryStoreAsync(string hash, string name, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default)
    {
        if (!IsHash(hash) || !string.Equals(Convert.ToHexStringLower(SHA256.HashData(bytes.Span)), hash, StringComparison.Ordinal))
        {
            return false;
        }

        lock (_gate)
        {
            if (_entries.TryGetValue(hash, out var existing))
            {
                existing.LastUsed = ++_clock;
                return true;
            }
        }

        var path = Path.Combine(Directory, hash + ".dll");
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            await File.WriteAllBytesAsync(temporary, bytes, cancellationToken).ConfigureAwait(false);
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }

        lock (_gate)
        {
            if (_entries.TryAdd(hash, new Entry(bytes.Length) { LastUsed = ++_clock }))
            {
                _bytes += bytes.Length;
                Stored++;
                if (_logger.IsEnabled(LogLevel.Information))
                {
                    var safeName = PeerText.Escape(name);
                    var safeHash = PeerText.Escape(hash);
                    WorkerLog.StoredCode(_logger, safeName, safeHash, bytes.Length, Stored);
                }

                Evict(hash);
            }
        }

        return true;
    }

    /// <summary>A hash as this cache names files: 64 lower-case hex digits, so a hash from the wire is never a path.</summary>
    public static bool IsHash(string hash) => hash.Length == 64 && hash.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    private void Evict(string keep)
    {
        while (_bytes > _maxBytes && _entries.Count > 1)
        {
            var oldest = _entries.Where(e => e.Key != keep).MinBy(e => e.Value.LastUsed);
            _entries.Remove(oldest.Key);
            _bytes -= oldest.Value.Size;
            try
            {
                File.Delete(Path.Combine(Directory, oldest.Key + ".dll"));
            }
            catch (IOException)
            {
                // Gone already.
            }

            if (_logger.IsEnabled(LogLevel.Debug))
            {
                var safeKey = PeerText.Escape(oldest.Key);
                WorkerLog.EvictedCode(_logger, safeKey, oldest.Value.Size);
            }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Nothing more can be done about a half-written file that cannot be deleted either.
        }
    }

    private sealed class Entry(long size)
    {
        public long Size { get; } = size;

        public long LastUsed { get; set; }
    }
}
