using System.Globalization;

namespace Argon.Cli.Console;

/// <summary>
/// A duration for people, in its two largest units: "850 ms", "32 s", "5 m 12 s", "2 h 3 m", "4 d 7 h" (not
/// TimeSpan's "0.00:00:32"). Rounded down, so an uptime never reads longer than it is.
/// </summary>
internal static class HumanDuration
{
    public static string Format(TimeSpan duration)
    {
        var c = CultureInfo.InvariantCulture;
        if (duration < TimeSpan.Zero)
        {
            return "-" + Format(duration.Duration());
        }

        if (duration < TimeSpan.FromSeconds(1))
        {
            return string.Create(c, $"{(int)duration.TotalMilliseconds} ms");
        }

        if (duration < TimeSpan.FromMinutes(1))
        {
            return string.Create(c, $"{duration.Seconds} s");
        }

        if (duration < TimeSpan.FromHours(1))
        {
            return Two(duration.Minutes, "m", duration.Seconds, "s");
        }

        return duration < TimeSpan.FromDays(1)
            ? Two(duration.Hours, "h", duration.Minutes, "m")
            : Two((int)duration.TotalDays, "d", duration.Hours, "h");

        static string Two(int major, string majorUnit, int minor, string minorUnit) => minor == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{major} {majorUnit}")
            : string.Create(CultureInfo.InvariantCulture, $"{major} {majorUnit} {minor} {minorUnit}");
    }
}
