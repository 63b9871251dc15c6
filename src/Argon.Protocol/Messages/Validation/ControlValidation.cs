using static Argon.Protocol.Messages.Validation.FieldRules;
using static Argon.Protocol.Messages.Validation.InvalidMessage;

namespace Argon.Protocol.Messages.Validation;

/// <summary>The rules for Register, Share, Credit, StatusRequest, Drain, Goodbye and ExecutorReady.</summary>
internal static class ControlValidation
{
    public static void Validate(Register m)
    {
        const MessageType type = MessageType.Register;
        Check(type, "NodeId", Line(m.NodeId, MessageLimits.MaxNameLength));
        Check(type, "Capacity", InRange(m.Capacity, 1, MessageLimits.MaxCapacity));
        Check(type, "Version", Line(m.Version, MessageLimits.MaxNameLength));
    }

    public static void Validate(Share m) => Check(MessageType.Share, "Capacity", InRange(m.Capacity, 1, MessageLimits.MaxCapacity));

    public static void Validate(Credit m) => Check(MessageType.Credit, "Tasks", NonNegative(m.Tasks));

    public static void Validate(StatusRequest m) => Check(MessageType.StatusRequest, "Id", NonNegative(m.Id));

    public static void Validate(Drain m) => Check(MessageType.Drain, "Reason", Line(m.Reason, MessageLimits.MaxReasonLength));

    public static void Validate(Goodbye m) => Check(MessageType.Goodbye, "Reason", Line(m.Reason, MessageLimits.MaxReasonLength));

    public static void Validate(ExecutorReady m)
    {
        Check(MessageType.ExecutorReady, "Token", Line(m.Token, MessageLimits.MaxNameLength));
        Check(MessageType.ExecutorReady, "ProcessId", NonNegative(m.ProcessId));
    }
}
