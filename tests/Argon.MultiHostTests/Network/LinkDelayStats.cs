using System.Globalization;

namespace Argon.MultiHostTests.Network;

/// <summary>
/// What a host's link delayer reported: packets it held and for how long (from its notice of each to its verdict),
/// packets it dropped for the loss setting, notices lost to a full socket buffer, and packets the kernel queue
/// refused when full.
/// </summary>
internal sealed record LinkDelayStats(long Packets, TimeSpan MeanHold, TimeSpan MinHold, TimeSpan MaxHold, long Lost, long Overruns, long KernelDropped)
{
    public static readonly LinkDelayStats None = new(0, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, 0, 0, 0);

    /// <summary>Reads `linkdelay stats|done packets=N mean_hold_us=M min_hold_us=A max_hold_us=B lost=L overruns=O kernel_dropped=K`.</summary>
    public static LinkDelayStats Parse(string line)
    {
        var fields = line.Split(' ').Select(f => f.Split('=')).Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => long.Parse(p[1], CultureInfo.InvariantCulture));
        return new LinkDelayStats(fields["packets"], TimeSpan.FromMicroseconds(fields["mean_hold_us"]), TimeSpan.FromMicroseconds(fields["min_hold_us"]),
            TimeSpan.FromMicroseconds(fields["max_hold_us"]), fields["lost"], fields["overruns"], fields["kernel_dropped"]);
    }

    public override string ToString() =>
        $"{Packets} packets held {MeanHold.TotalMilliseconds:0.00} ms on average ({MinHold.TotalMilliseconds:0.00}-{MaxHold.TotalMilliseconds:0.00} ms), {Lost} dropped as loss, " +
        $"{Overruns} notices lost, {KernelDropped} refused by a full queue";
}
