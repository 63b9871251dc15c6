using Argon.Protocol.Messages;
using Argon.Protocol.Messages.Validation;

namespace Argon.Manager.Peers;

/// <summary>
/// The latest PeerReport of each connected worker (forgotten when the worker goes), and what they add up to: for each
/// other manager its workers name, how many of them reach it now, out of how many report on it, and how long since
/// the latest change any of them reported. Managers never talk to each other; this is how one sees its peers. Safe
/// from any thread; its own lock is never held while calling out.
/// </summary>
internal sealed class PeerReports
{
    /// <summary>The oldest change a report may claim (a hostile SinceChangeMs must not overflow the clock's arithmetic).</summary>
    private const long MaxAgeMs = 100L * 365 * 24 * 3600 * 1000;

    private readonly Lock _gate = new();
    private readonly Dictionary<long, Reported[]> _byWorker = [];

    /// <summary>Workers whose report is kept.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _byWorker.Count;
            }
        }
    }

    /// <summary>Worker <paramref name="worker"/> (its registration sequence) reported at <paramref name="now"/> (ms, monotonic): it replaces its last report.</summary>
    public void Report(long worker, IReadOnlyList<PeerLink> peers, long now)
    {
        var reported = new Reported[peers.Count];
        for (var i = 0; i < reported.Length; i++)
        {
            var peer = peers[i];
            reported[i] = new Reported(peer.Endpoint, peer.IsUp, now - Math.Clamp(peer.SinceChangeMs, 0, MaxAgeMs));
        }

        lock (_gate)
        {
            _byWorker[worker] = reported;
        }
    }

    /// <summary>Worker <paramref name="worker"/> is gone: its report no longer counts.</summary>
    public void Forget(long worker)
    {
        lock (_gate)
        {
            _byWorker.Remove(worker);
        }
    }

    /// <summary>
    /// Each peer once, by endpoint (ordinal order); at most <see cref="MessageLimits.MaxStatusPeers"/> of them, the ones
    /// the most workers report on.
    /// </summary>
    public IReadOnlyList<PeerStatus> Summary(long now)
    {
        var peers = new Dictionary<string, Tally>(StringComparer.Ordinal);
        lock (_gate)
        {
            foreach (var report in _byWorker.Values)
            {
                foreach (var peer in report)
                {
                    ref var tally = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(peers, peer.Endpoint, out var existed);
                    tally.ReportedBy++;
                    tally.ReachableBy += peer.IsUp ? 1 : 0;
                    tally.ChangedAt = existed ? Math.Max(tally.ChangedAt, peer.ChangedAt) : peer.ChangedAt;
                }
            }
        }

        return [.. peers
            .OrderByDescending(p => p.Value.ReportedBy).ThenBy(p => p.Key, StringComparer.Ordinal)
            .Take(MessageLimits.MaxStatusPeers)
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new PeerStatus
            {
                Endpoint = p.Key,
                ReachableBy = p.Value.ReachableBy,
                ReportedBy = p.Value.ReportedBy,
                SinceChangeMs = Math.Max(0, now - p.Value.ChangedAt),
            })];
    }

    private readonly record struct Reported(string Endpoint, bool IsUp, long ChangedAt);

    private struct Tally
    {
        public int ReportedBy;
        public int ReachableBy;
        public long ChangedAt;
    }
}
