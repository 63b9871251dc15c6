using System.Globalization;

namespace Argon.Protocol.Messages.Validation;

/// <summary>Builds the one-line error for a field that broke the rules: "invalid Submit: Priority 99 is not one of ...".</summary>
internal static class InvalidMessage
{
    /// <summary>Throws when <paramref name="problem"/> is set.</summary>
    public static void Check(MessageType type, string field, string? problem)
    {
        if (problem is not null)
        {
            throw Exception(type, field, problem);
        }
    }

    /// <summary>As <see cref="Check(MessageType, string, string?)"/>, for the field of one item of a list.</summary>
    public static void Check(MessageType type, string list, int index, string field, string? problem)
    {
        if (problem is not null)
        {
            throw Exception(type, string.Create(CultureInfo.InvariantCulture, $"{list}[{index}]{field}"), problem);
        }
    }

    public static ProtocolException Exception(MessageType type, string field, string problem) =>
        // A value problem ("99 is not one of") reads after the field's name with a space; others too ("is missing").
        new($"invalid {type}: {field} {problem}");
}
