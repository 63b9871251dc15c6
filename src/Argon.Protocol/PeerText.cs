using System.Globalization;
using System.Text;
using Argon.Protocol.Messages.Validation;

namespace Argon.Protocol;

/// <summary>
/// Text that came from a peer, made safe to log or to put in a message: control characters (C0, DEL, C1) and the
/// Unicode bidi overrides and isolates become visible escapes (<c>\r</c>, <c>\n</c>, <c>\t</c>, <c>\u001B</c>,
/// <c>\u202E</c>), and long text is cut with an ellipsis. Text with nothing to escape and within the length is
/// returned as it is, without allocating.
/// </summary>
public static class PeerText
{
    /// <summary>How much of a peer's text a log line keeps by default: enough for a name or a reason.</summary>
    public const int DefaultMaxLength = 200;

    /// <summary>Appended where text was cut.</summary>
    public const string Ellipsis = "…";

    /// <summary>How much of a reason or an error message a log line keeps.</summary>
    public const int MaxReasonLength = 1000;

    /// <summary>For a log line: every control character escaped, at most <paramref name="maxLength"/> characters of the text kept.</summary>
    public static string Escape(string? text, int maxLength = DefaultMaxLength) =>
        Escape(text, maxLength, keepLineBreaks: false);

    /// <summary>
    /// For an outcome's error text this node produces: tabs and line breaks kept, other control characters escaped,
    /// and the whole cut so it is at most <paramref name="maxLength"/> characters, escapes and ellipsis included,
    /// so it always passes validation (<see cref="MessageLimits"/>).
    /// </summary>
    public static string? FitMultiline(string? text, int maxLength) => Fit(text, maxLength, keepLineBreaks: true);

    /// <summary>As <see cref="FitMultiline"/>, for one line: tabs and line breaks are escaped too.</summary>
    public static string? FitLine(string? text, int maxLength) => Fit(text, maxLength, keepLineBreaks: false);

    private static string? Fit(string? text, int maxLength, bool keepLineBreaks)
    {
        if (text is null)
        {
            return null;
        }

        var fitted = Escape(text, maxLength, keepLineBreaks);
        return fitted.Length <= maxLength ? fitted : string.Concat(fitted.AsSpan(0, CutPoint(fitted, maxLength - Ellipsis.Length)), Ellipsis);
    }

    private static string Escape(string? text, int maxLength, bool keepLineBreaks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, Ellipsis.Length);
        if (text is null)
        {
            return "";
        }

        var forbidden = keepLineBreaks ? FieldRules.UnprintableInText : FieldRules.Unprintable;
        var first = text.AsSpan().IndexOfAny(forbidden);
        if (first < 0 && text.Length <= maxLength)
        {
            return text;
        }

        var kept = text.Length <= maxLength ? text.Length : CutPoint(text, maxLength);
        var builder = new StringBuilder(kept + 16);
        var from = 0;
        while (first >= 0 && first < kept)
        {
            builder.Append(text, from, first - from);
            Append(builder, text[first]);
            from = first + 1;
            var next = text.AsSpan(from, kept - from).IndexOfAny(forbidden);
            first = next < 0 ? -1 : from + next;
        }

        builder.Append(text, from, kept - from);
        if (kept < text.Length)
        {
            builder.Append('…');
        }

        return builder.ToString();
    }

    private static void Append(StringBuilder builder, char c)
    {
        switch (c)
        {
            case '\r': builder.Append("\\r"); break;
            case '\n': builder.Append("\\n"); break;
            case '\t': builder.Append("\\t"); break;
            case '\0': builder.Append("\\0"); break;
            default: builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)); break;
        }
    }

    /// <summary>Where to cut to keep at most <paramref name="length"/> characters without splitting a surrogate pair.</summary>
    private static int CutPoint(string text, int length) =>
        length > 0 && length < text.Length && char.IsHighSurrogate(text[length - 1]) ? length - 1 : Math.Max(0, length);
}
