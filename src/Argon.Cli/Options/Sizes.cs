using System.Globalization;

namespace Argon.Cli.Options;

/// <summary>Memory sizes as written on the command line: <c>512MB</c>, <c>2GB</c>, <c>800k</c>; a bare number is megabytes.</summary>
internal static class Sizes
{
    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        var trimmed = text.Trim().ToUpperInvariant().TrimEnd('B');
        var (number, scale) = trimmed switch
        {
            _ when trimmed.EndsWith('K') => (trimmed[..^1], 1L << 10),
            _ when trimmed.EndsWith('M') => (trimmed[..^1], 1L << 20),
            _ when trimmed.EndsWith('G') => (trimmed[..^1], 1L << 30),
            _ => (trimmed, 1L << 20),
        };
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value <= 0 || value * scale > long.MaxValue)
        {
            return false;
        }

        bytes = (long)(value * scale);
        return true;
    }
}
