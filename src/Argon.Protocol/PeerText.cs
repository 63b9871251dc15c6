using System.Text;

namespace Argon.Protocol;

/// <summary>Text that came from a peer, made safe for a log line: control characters escaped, length bounded.</summary>
public static class PeerText
{
    public const int DefaultMaxLength = 200;

    public static string Escape(string? text, int maxLength = DefaultMaxLength)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var clean = true;
        foreach (var c in text)
        {
            clean &= !NeedsEscape(c);
        }

        if (clean && text.Length <= maxLength)
        {
            return text;
        }

        var builder = new StringBuilder(Math.Min(text.Length, maxLength) + 16);
        foreach (var c in text)
        {
            if (builder.Length >= maxLength)
            {
                return builder.Append('…').ToString();
            }

            _ = c switch
            {
                '\r' => builder.Append("\\r"),
                '\n' => builder.Append("\\n"),
                '\t' => builder.Append("\\t"),
                _ when NeedsEscape(c) => builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"),
                _ => builder.Append(c),
            };
        }

        return builder.ToString();
    }

    private static bool NeedsEscape(char c) =>
        char.IsControl(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';
}
