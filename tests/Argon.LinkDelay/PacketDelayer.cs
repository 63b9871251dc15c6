using System.Diagnostics;
using System.Runtime.InteropServices;
using Argon.LinkDelay.Netlink;

namespace Argon.LinkDelay;

/// <summary>
/// One loop: read the ids of newly queued packets, drop each with the loss probability (as netem does, before any
/// delay), give the others a release time of now + delay ± uniform jitter, and accept every packet whose time has come, in release order (so, as with netem's jitter, packets may overtake each
/// other). A priority queue keyed by release time; it never holds more than the kernel queue's maximum length.
/// </summary>
internal sealed class PacketDelayer(NfQueueSocket socket, DelayOptions options)
{
    /// <summary>The longest wait in one ppoll, so a stop request is seen promptly even with nothing to do.</summary>
    private static readonly TimeSpan MaxWait = TimeSpan.FromMilliseconds(20);

    private static readonly TimeSpan StatsEvery = TimeSpan.FromSeconds(1);

    private readonly PriorityQueue<(uint Id, long Received), long> _held = new();
    private readonly List<uint> _arrived = [];
    private readonly List<uint> _due = [];
    private readonly List<uint> _lost = [];
    private readonly DelayStats _stats = new();

    public DelayStats Stats => _stats;

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled, then accepts everything still held at once.</summary>
    public void Run(CancellationToken cancellationToken)
    {
        var lastStats = Stopwatch.GetTimestamp();
        var lastPackets = 0L;
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = Stopwatch.GetTimestamp();
            var wait = _held.TryPeek(out _, out var next) ? Stopwatch.GetElapsedTime(now, Math.Max(now, next)) : MaxWait;
            if (socket.Wait(wait < MaxWait ? wait : MaxWait))
            {
                socket.ReceiveAvailable(_arrived);
                Hold(_arrived, Stopwatch.GetTimestamp());
                _arrived.Clear();
            }

            now = Stopwatch.GetTimestamp();
            Release(now, everything: false);
            if (Stopwatch.GetElapsedTime(lastStats, now) >= StatsEvery && _stats.Packets + _stats.Lost != lastPackets)
            {
                Console.WriteLine(StatsLine("stats"));
                (lastStats, lastPackets) = (now, _stats.Packets + _stats.Lost);
            }
        }

        Release(Stopwatch.GetTimestamp(), everything: true);
    }

    public string StatsLine(string what) => _stats.Line(what, socket.Overruns, DelayStats.KernelDropped(options.Queue));

    private void Hold(List<uint> ids, long now)
    {
        var jitterTicks = options.Jitter.TotalSeconds * Stopwatch.Frequency;
        var delayTicks = options.Delay.TotalSeconds * Stopwatch.Frequency;
        foreach (var id in ids)
        {
            if (options.LossPerMillion > 0 && Random.Shared.Next(1_000_000) < options.LossPerMillion)
            {
                _lost.Add(id);
                _stats.Dropped();
                continue;
            }

            var hold = delayTicks + (Random.Shared.NextDouble() * 2 - 1) * jitterTicks;
            _held.Enqueue((id, now), now + (long)hold);
        }

        if (_lost.Count > 0)
        {
            socket.SendVerdicts(CollectionsMarshal.AsSpan(_lost), NfQueueMessages.Drop);
            _lost.Clear();
        }
    }

    private void Release(long now, bool everything)
    {
        while (_held.TryPeek(out var packet, out var due) && (everything || due <= now))
        {
            _ = _held.Dequeue();
            _due.Add(packet.Id);
            _stats.Released(packet.Received, now);
        }

        if (_due.Count > 0)
        {
            socket.SendVerdicts(CollectionsMarshal.AsSpan(_due), NfQueueMessages.Accept);
            _due.Clear();
        }
    }
}
