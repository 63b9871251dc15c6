using Argon.Protocol.Messages;

namespace Argon.Executor.Shipping;

/// <summary>
/// The executor's live shipped-code contexts, one per set of assembly hashes, at most <see cref="MaxContexts"/>:
/// the least recently used is unloaded to make room, so an executor's memory stays bounded however many builds
/// of code it runs.
/// </summary>
public sealed class ShippedCodeStore(string directory, int maxContexts = ShippedCodeStore.DefaultMaxContexts)
{
    public const int DefaultMaxContexts = 4;

    private readonly LinkedList<(string Key, LoadedCode Code)> _contexts = new();
    private readonly Lock _gate = new();

    public int MaxContexts => maxContexts;

    /// <summary>Contexts loaded since the executor started (each set of hashes it has seen, and again after eviction).</summary>
    public int Loaded { get; private set; }

    public int Live
    {
        get
        {
            lock (_gate)
            {
                return _contexts.Count;
            }
        }
    }

    internal LoadedCode Get(CodeReference code)
    {
        var key = string.Join(',', code.Assemblies.Select(a => a.Hash).Order(StringComparer.Ordinal));
        ShippedCodeContext? evicted = null;
        LoadedCode loaded;
        lock (_gate)
        {
            var node = _contexts.First;
            while (node is not null && node.Value.Key != key)
            {
                node = node.Next;
            }

            if (node is not null)
            {
                _contexts.Remove(node);
                _contexts.AddFirst(node);
                return node.Value.Code;
            }

            loaded = new LoadedCode(new ShippedCodeContext(key, directory, code.Assemblies));
            Loaded++;
            _contexts.AddFirst((key, loaded));
            if (_contexts.Count > maxContexts)
            {
                evicted = _contexts.Last!.Value.Code.Context;
                _contexts.RemoveLast();
            }
        }

        evicted?.Unload();
        return loaded;
    }
}
