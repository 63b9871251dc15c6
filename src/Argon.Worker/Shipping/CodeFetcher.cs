using System.Collections.Concurrent;
using System.Threading.Channels;
using Argon.Protocol.Messages;

namespace Argon.Worker.Shipping;

/// <summary>
/// Fetches the assemblies one connection's tasks lack: sends NeedCode for a task's missing hashes to whoever sent
/// the task (the manager relays it to the client), and stores each Code that comes back. One per connection. The
/// connection's read loop only hands each Code over (<see cref="Deliver"/>); checking and writing it happens on
/// the waiting task's own flow, so a slow or failing disk fails that task and never holds up the connection.
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

        var fetch = new PendingFetch();
        var names = code.Assemblies.GroupBy(a => a.Hash, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Name, StringComparer.Ordinal);
        var waiting = new HashSet<string>(missing, StringComparer.Ordinal);
        _pending[taskId] = fetch;
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(timeout);
        try
        {
            send(new NeedCode { Id = taskId, Hashes = missing });
            while (waiting.Count > 0)
            {
                var arrived = await fetch.Arrivals.Reader.ReadAsync(bound.Token).ConfigureAwait(false);
                if (!waiting.Contains(arrived.Hash))
                {
                    continue;
                }

                var name = names.GetValueOrDefault(arrived.Hash, "?");
                if (arrived.Error is { } error)
                {
                    return $"the client could not send {name}: {error}";
                }

                if (!await StoreAsync(arrived, name, bound.Token).ConfigureAwait(false))
                {
                    return $"the bytes sent for {name} do not have its hash {arrived.Hash}";
                }

                waiting.Remove(arrived.Hash);
            }

            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"the client did not send the task's code within {timeout.TotalSeconds:0} s";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"the worker could not store the task's code: {ex.Message}";
        }
        finally
        {
            _pending.TryRemove(taskId, out _);
        }
    }

    /// <summary>One assembly arrived for a task (or the reason it cannot be sent). Called on the read loop: no I/O here.</summary>
    public void Deliver(Code code)
    {
        if (_pending.TryGetValue(code.Id, out var fetch))
        {
            fetch.Arrivals.Writer.TryWrite(code);
        }

        // Otherwise the task was cancelled or timed out meanwhile.
    }

    private Task<bool> StoreAsync(Code code, string name, CancellationToken cancellationToken) =>
        cache.TryStoreAsync(code.Hash, name, code.Bytes, cancellationToken);

    private sealed class PendingFetch
    {
        /// <summary>The Code frames for this task, as read. Unbounded: at most one per missing assembly is expected, and a peer is bounded by its frame limits.</summary>
        public Channel<Code> Arrivals { get; } = Channel.CreateUnbounded<Code>(new UnboundedChannelOptions { SingleReader = true });
    }
}
