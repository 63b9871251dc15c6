using System.Globalization;

namespace Argon.LinkDelay;

/// <summary>
/// `delay --delay-us N --jitter-us N [--loss-ppm N] [--queue N] [--max-length N]`: how long each packet is held, and
/// the share of packets dropped instead, in parts per million.
/// </summary>
internal sealed record DelayOptions(TimeSpan Delay, TimeSpan Jitter, int LossPerMillion, ushort Queue, uint MaxLength)
{
    /// <summary>The kernel queue's default maximum is 1024; 4096 leaves room for bursts at 2 ms on a busy host.</summary>
    public const uint DefaultMaxLength = 4096;

    /// <exception cref="ArgumentException">An option is unknown, repeated without a value, or out of range.</exception>
    public static DelayOptions Parse(IReadOnlyList<string> arguments)
    {
        var (delayUs, jitterUs, lossPpm, queue, maxLength) = (-1L, 0L, 0L, 0L, (long)DefaultMaxLength);
        for (var i = 0; i < arguments.Count; i += 2)
        {
            if (i + 1 >= arguments.Count || !long.TryParse(arguments[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                throw new ArgumentException($"option {arguments[i]} needs a whole number");
            }

            switch (arguments[i])
            {
                case "--delay-us": delayUs = value; break;
                case "--jitter-us": jitterUs = value; break;
                case "--loss-ppm": lossPpm = value; break;
                case "--queue": queue = value; break;
                case "--max-length": maxLength = value; break;
                default: throw new ArgumentException($"unknown option {arguments[i]}");
            }
        }

        if (delayUs < 0 || jitterUs > delayUs || lossPpm > 1_000_000 || queue > ushort.MaxValue || maxLength is < 1 or > 1 << 20)
        {
            throw new ArgumentException("needs --delay-us D with 0 <= jitter <= D, a loss of at most 1000000 ppm, a queue number below 65536 and a max length of 1 to 2^20");
        }

        return new DelayOptions(TimeSpan.FromMicroseconds(delayUs), TimeSpan.FromMicroseconds(jitterUs), (int)lossPpm, (ushort)queue, (uint)maxLength);
    }
}
