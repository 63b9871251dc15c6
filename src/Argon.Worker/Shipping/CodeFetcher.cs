using System.Collections.Concurrent;
using Argon.Protocol.Messages;

namespace Argon.Worker.Shipping;

/// <summary>
/// Fetches the assemblies one connection's tasks lack: sends NeedCode for a task's missing hashes to whoever sent
/// the task (the manager relays it to the client), and stores each Code that comes back. One per connection.
/// </summary>
internal sealed class CodeFetcher(CodeCache cache, Action<Message> send)
{
    private readonly ConcurrentDictionary<long, PendingFetch> _pending = new();

    /// <summary>Waits until every assembly of <paramref name="code"/> is cached. Returns null, or why it could not be.</summary>
    public async Task<string?> EnsureAsync(long taskId, CodeReference code, TimeSpan timeout, CancellationToken cancellationToken)
    {
        foreach (var assembly in code.Assemblies)
        {
            if (!CodeCache.IsHash(assembly.Hash))
            {
                return $"the shipped assembly {assembly.Name} has a malformed hash '{assembly.Hash}'";
            }
        }

        var missing = cache.Missing(code.Assemblies.Select(a => a.Hash));
        if (missing.Count == 0)
        {
            return null;
        }

        var fetch = new PendingFetch(missing, code.Assemblies.ToDictionary(a => a.Hash, a => a.Name, StringComparer.Ordinal));
        _pending[taskId] = fetch;
        try
        {
            send(new NeedCode { Id = taskId, Hashes = missing });
            return await fetch.Done.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return $"the client did not send the task's code within {timeout.TotalSeconds:0} s";
        }
        finally
        {
            _pending.TryRemove(taskId, out _);
        }
    }

    /// <summary>One assembly arrived for a task (or the reason it cannot be sent).</summary>
    public void Deliver(Code code)
    {
        if (!_pending.TryGetValue(code.Id, out var fetch))
        {
            return; // the task was cancelled or timed out meanwhile
        }

        var name = fetch.Names.GetValueOrDefault(code.Hash, "?");
        if (code.Error is { } error)
        {
            fetch.Done.TrySetResult($"the client could not send {name}: {error}");
        }
        else if (!cache.TryStore(code.Hash, name, code.Bytes.Span))
        {
            fetch.Done.TrySetResult($"the bytes sent for {name} do not have its hash {code.Hash}");
        }
        else if (fetch.Arrived(code.Hash))
        {
            fetch.Done.TrySetResult(null);
        }
    }

    private sealed class PendingFetch(List<string> missing, Dictionary<string, string> names)
    {
        private readonly HashSet<string> _missing = [.. missing];

        public Dictionary<string, string> Names { get; } = names;

        public TaskCompletionSource<string?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>True when it was the last one missing.</summary>
        public bool Arrived(string hash)
        {
            lock (_missing)
            {
                _missing.Remove(hash);
                return _missing.Count == 0;
            }
        }
    }
}
