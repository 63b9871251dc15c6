using static Argon.Protocol.Messages.Validation.FieldRules;
using static Argon.Protocol.Messages.Validation.InvalidMessage;

namespace Argon.Protocol.Messages.Validation;

/// <summary>The rules for Orphans and Attach, and for the call ids Submit and Assign carry.</summary>
internal static class OrphanValidation
{
    public static void Validate(Orphans m)
    {
        CallIds(m.Held, "Held");
        CallIds(m.Released, "Released");
    }

    public static void Validate(Attach m)
    {
        Check(MessageType.Attach, "Id", NonNegative(m.Id));
        if (m.CallId == Guid.Empty)
        {
            throw Exception(MessageType.Attach, "CallId", "is empty");
        }
    }

    /// <summary>A call id, when a Submit or Assign carries one, is never the empty one.</summary>
    public static void Validate(MessageType type, Guid? callId)
    {
        if (callId == Guid.Empty)
        {
            throw Exception(type, "CallId", "is empty");
        }
    }

    private static void CallIds(Guid[]? ids, string field)
    {
        if (ids is null)
        {
            throw Exception(MessageType.Orphans, field, "is missing");
        }

        Check(MessageType.Orphans, field, Count(ids.Length, MessageLimits.MaxOrphanIds));
        if (Array.IndexOf(ids, Guid.Empty) is var empty and >= 0)
        {
            throw Exception(MessageType.Orphans, $"{field}[{empty}]", "is empty");
        }
    }
}
