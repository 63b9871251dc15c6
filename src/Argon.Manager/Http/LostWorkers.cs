namespace Argon.Manager.Http;

/// <summary>A worker that disconnected: lost (its connection ended) or left (it said Goodbye holding no task).</summary>
internal sealed record LostWorker(string Node, string Address, int Capacity, DateTimeOffset LostAt, string Reason, bool Left);

/// <summary>
/// The workers that went away in the last <c>keep</c> (a few minutes), so the dashboard shows them as lost instead of
/// letting them vanish; at most <see cref="MaxKept"/>, the oldest dropped first. Fed once per disconnect.
/// </summary>
internal sealed class LostWorkers(TimeSpan keep, TimeProvider? clock = null)
{
    public const int MaxKept = 50;
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly LinkedList<LostWorker> _lost = new();
    private readonly Lock _gate = new();

    public TimeSpan Keep => keep;

    public void Add(string node, string address, int capacity, string reason, bool left)
    {
        var lost = new LostWorker(node, address, capacity, _clock.GetUtcNow(), reason, left);
        lock (_gate)
        {
            _lost.AddFirst(lost);
            if (_lost.Count > MaxKept)
            {
                _lost.RemoveLast();
            }
        }
    }

    /// <summary>The workers lost within the keep time, most recent first, less any whose node is <paramref name="registered"/> again.</summary>
    public IReadOnlyList<LostWorker> Snapshot(IEnumerable<string> registered)
    {
        var since = _clock.GetUtcNow() - keep;
        var back = registered.ToHashSet(StringComparer.Ordinal);
        lock (_gate)
        {
            while (_lost.Last is { } oldest && oldest.Value.LostAt < since)
            {
                _lost.RemoveLast();
            }

            return [.. _lost.Where(l => !back.Contains(l.Node)).DistinctBy(l => l.Node)];
        }
    }
}
