using System.Diagnostics;
using System.Globalization;

namespace Argon.LinkDelay;

/// <summary>What the delayer did: packets held and how long, measured from their notice to their verdict.</summary>
internal sealed class DelayStats
{
    private long _totalHoldTicks;
    private long _minHoldTicks = long.MaxValue;
    private long _maxHoldTicks;

    public long Packets { get; private set; }

    public long Lost { get; private set; }

    public void Dropped() => Lost++;

    public void Released(long receivedTimestamp, long now)
    {
        var hold = now - receivedTimestamp;
        Packets++;
        _totalHoldTicks += hold;
        _minHoldTicks = Math.Min(_minHoldTicks, hold);
        _maxHoldTicks = Math.Max(_maxHoldTicks, hold);
    }

    /// <summary>
    /// `linkdelay WHAT packets=N mean_hold_us=M min_hold_us=A max_hold_us=B lost=L overruns=O kernel_dropped=K` (the
    /// suite parses it): packets were held and accepted, lost dropped by the loss setting, overruns are notices lost to
    /// a full socket buffer, kernel_dropped what the queue refused when full.
    /// </summary>
    public string Line(string what, long overruns, long kernelDropped)
    {
        static string Us(long ticks) => (ticks * 1_000_000.0 / Stopwatch.Frequency).ToString("0", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture,
            $"linkdelay {what} packets={Packets} mean_hold_us={(Packets == 0 ? "0" : Us(_totalHoldTicks / Packets))} " +
            $"min_hold_us={(Packets == 0 ? "0" : Us(_minHoldTicks))} max_hold_us={Us(_maxHoldTicks)} lost={Lost} overruns={overruns} kernel_dropped={kernelDropped}");
    }

    /// <summary>
    /// The queue's queue_dropped plus user_dropped from /proc/net/netfilter/nfnetlink_queue (per namespace: it is the
    /// reading process's), or 0 when the line is not there.
    /// </summary>
    public static long KernelDropped(ushort queue)
    {
        const string Path = "/proc/net/netfilter/nfnetlink_queue";
        if (!File.Exists(Path))
        {
            return 0;
        }

        // queue_number peer_portid queue_total copy_mode copy_range queue_dropped user_dropped id_sequence 1
        foreach (var line in File.ReadLines(Path))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 7 && fields[0] == queue.ToString(CultureInfo.InvariantCulture))
            {
                return long.Parse(fields[5], CultureInfo.InvariantCulture) + long.Parse(fields[6], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
