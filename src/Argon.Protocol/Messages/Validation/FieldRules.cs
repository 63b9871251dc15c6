using System.Buffers;
using System.Globalization;

namespace Argon.Protocol.Messages.Validation;

/// <summary>
/// The checks behind message validation. Each returns null when the value is fine, else the problem in words
/// (never the value's text). No allocation on the success path.
/// </summary>
internal static class FieldRules
{
    /// <summary>C0 controls, DEL, C1 controls, and the Unicode bidi embeddings, overrides and isolates.</summary>
    internal static readonly SearchValues<char> Unprintable = SearchValues.Create(Forbidden(keepLineBreaks: false));

    /// <summary>As <see cref="Unprintable"/>, but tab, line feed and carriage return are allowed.</summary>
    internal static readonly SearchValues<char> UnprintableInText = SearchValues.Create(Forbidden(keepLineBreaks: true));

    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    /// <summary>One line of at most <paramref name="maxLength"/> printable characters; null is missing.</summary>
    public static string? Line(string? value, int maxLength) =>
        value is null ? "is missing" : Text(value, maxLength, Unprintable);

    /// <summary>As <see cref="Line"/>, but null is allowed.</summary>
    public static string? OptionalLine(string? value, int maxLength) =>
        value is null ? null : Text(value, maxLength, Unprintable);

    /// <summary>Text that may hold line breaks and tabs; null is allowed.</summary>
    public static string? OptionalText(string? value, int maxLength) =>
        value is null ? null : Text(value, maxLength, UnprintableInText);

    public static string? Hash(string? value)
    {
        if (value is null)
        {
            return "is missing";
        }

        if (value.Length != MessageLimits.HashLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"is {value.Length} characters long, not {MessageLimits.HashLength}");
        }

        var at = value.AsSpan().IndexOfAnyExcept(LowerHex);
        return at < 0 ? null : string.Create(CultureInfo.InvariantCulture, $"holds a character that is not lower-case hex at index {at}");
    }

    /// <summary>A key id (<see cref="Security.SharedKey.Id"/>): 16 lower-case hex characters.</summary>
    public static string? KeyId(string? value)
    {
        if (value is null)
        {
            return "is missing";
        }

        if (value.Length != MessageLimits.KeyIdLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"is {value.Length} characters long, not {MessageLimits.KeyIdLength}");
        }

        var at = value.AsSpan().IndexOfAnyExcept(LowerHex);
        return at < 0 ? null : string.Create(CultureInfo.InvariantCulture, $"holds a character that is not lower-case hex at index {at}");
    }

    /// <summary>
    /// A W3C traceparent, or null: <c>vv-</c>32 hex<c>-</c>16 hex<c>-</c>2 hex, lower case, 55 characters. Only the
    /// shape is checked here; a version or ids the receiver cannot use make it start a new trace.
    /// </summary>
    public static string? TraceParent(string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Length != MessageLimits.TraceParentLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"is {value.Length} characters long, not {MessageLimits.TraceParentLength}");
        }

        var span = value.AsSpan();
        if (span[2] != '-' || span[35] != '-' || span[52] != '-')
        {
            return "is not four dash-separated fields (version, trace id, span id, flags)";
        }

        foreach (var (start, length) in (ReadOnlySpan<(int, int)>)[(0, 2), (3, 32), (36, 16), (53, 2)])
        {
            var at = span.Slice(start, length).IndexOfAnyExcept(LowerHex);
            if (at >= 0)
            {
                return string.Create(CultureInfo.InvariantCulture, $"holds a character that is not lower-case hex at index {start + at}");
            }
        }

        return null;
    }

    public static string? Refusal(RefusalKind value) =>
        value is >= RefusalKind.Other and <= RefusalKind.Key ? null : Undefined((int)value, "Other, Version, Key");

    public static string? NonNegative(long value) =>
        value >= 0 ? null : string.Create(CultureInfo.InvariantCulture, $"{value} is negative");

    public static string? InRange(long value, long min, long max) =>
        value >= min && value <= max ? null : string.Create(CultureInfo.InvariantCulture, $"{value} is outside {min}..{max}");

    public static string? NonNegative(double value) =>
        double.IsFinite(value) && value >= 0 ? null : string.Create(CultureInfo.InvariantCulture, $"{value} is not a finite non-negative number");

    public static string? Count(int count, int max) =>
        count <= max ? null : string.Create(CultureInfo.InvariantCulture, $"holds {count} items, over the limit of {max}");

    public static string? Bytes(int length, int expected) =>
        length == expected ? null : string.Create(CultureInfo.InvariantCulture, $"is {length} bytes long, not {expected}");

    public static string? Priority(TaskPriority value) =>
        (uint)value <= (uint)TaskPriority.High ? null : Undefined((int)value, "High, Normal, Low");

    public static string? Kind(TaskKind value) =>
        value is >= TaskKind.Instance and <= TaskKind.Delegate ? null : Undefined((int)value, "Instance, ByName, Delegate");

    public static string? Status(OutcomeStatus value) =>
        value is >= OutcomeStatus.Succeeded and <= OutcomeStatus.UnknownType
            ? null
            : Undefined((int)value, "Succeeded, Faulted, TimedOut, Cancelled, WorkerLost, Failed, Revoked, Crashed, UnknownType");

    public static string? Role(PeerRole value) =>
        value is PeerRole.Client or PeerRole.Worker ? null : Undefined((int)value, "Client, Worker");

    private static string Undefined(int value, string names) =>
        string.Create(CultureInfo.InvariantCulture, $"{value} is not one of {names}");

    private static string? Text(string value, int maxLength, SearchValues<char> forbidden)
    {
        if (value.Length > maxLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"is {value.Length} characters long, over the limit of {maxLength}");
        }

        var at = value.AsSpan().IndexOfAny(forbidden);
        return at < 0
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"holds the control character U+{(int)value[at]:X4} at index {at}");
    }

    private static string Forbidden(bool keepLineBreaks)
    {
        var chars = new List<char>();
        for (var c = '\0'; c <= '\u009F'; c++)
        {
            if (c < ' ' ? !(keepLineBreaks && c is '\t' or '\n' or '\r') : c >= '\u007F')
            {
                chars.Add(c);
            }
        }

        for (var c = '\u202A'; c <= '\u202E'; c++)
        {
            chars.Add(c);
        }

        for (var c = '\u2066'; c <= '\u2069'; c++)
        {
            chars.Add(c);
        }

        return new string([.. chars]);
    }
}
