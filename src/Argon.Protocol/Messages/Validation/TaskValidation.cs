using static Argon.Protocol.Messages.Validation.FieldRules;
using static Argon.Protocol.Messages.Validation.InvalidMessage;

namespace Argon.Protocol.Messages.Validation;

/// <summary>The rules for Submit, Assign, Complete, Result, Deny, Cancel and Revoke, and the outcome they carry.</summary>
internal static class TaskValidation
{
    public static void Validate(Submit m)
    {
        const MessageType type = MessageType.Submit;
        Check(type, "Id", NonNegative(m.Id));
        Check(type, "TypeName", Line(m.TypeName, MessageLimits.MaxTypeNameLength));
        Check(type, "Kind", Kind(m.Kind));
        Check(type, "Priority", Priority(m.Priority));
        Check(type, "TimeoutMs", NonNegative(m.TimeoutMs));
        Check(type, "MaxAttempts", NonNegative(m.MaxAttempts));
        CodeValidation.Validate(type, m.Code);
        OrphanValidation.Validate(type, m.CallId);
        if (m.Resubmitted && m.CallId is null)
        {
            throw Exception(type, "Resubmitted", "is set without a CallId");
        }

        Check(type, "TraceParent", TraceParent(m.TraceParent));
        Check(type, "TraceState", OptionalLine(m.TraceState, MessageLimits.MaxTraceStateLength));
    }

    public static void Validate(Assign m)
    {
        const MessageType type = MessageType.Assign;
        Check(type, "Id", NonNegative(m.Id));
        Check(type, "TypeName", Line(m.TypeName, MessageLimits.MaxTypeNameLength));
        Check(type, "Kind", Kind(m.Kind));
        Check(type, "TimeoutMs", NonNegative(m.TimeoutMs));
        CodeValidation.Validate(type, m.Code);
        OrphanValidation.Validate(type, m.CallId);
        Check(type, "TraceParent", TraceParent(m.TraceParent));
        Check(type, "TraceState", OptionalLine(m.TraceState, MessageLimits.MaxTraceStateLength));
    }

    public static void Validate(Complete m)
    {
        Check(MessageType.Complete, "Id", NonNegative(m.Id));
        Validate(MessageType.Complete, m.Outcome);
    }

    public static void Validate(Result m)
    {
        Check(MessageType.Result, "Id", NonNegative(m.Id));
        Validate(MessageType.Result, m.Outcome);
        if (m.Outcome.Status == OutcomeStatus.Revoked)
        {
            throw Exception(MessageType.Result, "Outcome.Status", "Revoked is for a worker's Complete only");
        }
    }

    public static void Validate(Deny m)
    {
        const MessageType type = MessageType.Deny;
        Check(type, "Id", NonNegative(m.Id));
        Check(type, "Reason", Line(m.Reason, MessageLimits.MaxReasonLength));
        Check(type, "QueueDepth", NonNegative(m.QueueDepth));
        Check(type, "RetryAfterMs", InRange(m.RetryAfterMs, 0, MessageLimits.MaxRetryAfterMs));
    }

    public static void Validate(Cancel m) => Check(MessageType.Cancel, "Id", NonNegative(m.Id));

    public static void Validate(Revoke m)
    {
        if (m.Ids is null)
        {
            throw Exception(MessageType.Revoke, "Ids", "is missing");
        }

        Check(MessageType.Revoke, "Ids", Count(m.Ids.Length, MessageLimits.MaxRevokeIds));
        for (var i = 0; i < m.Ids.Length; i++)
        {
            Check(MessageType.Revoke, "Ids", i, "", NonNegative(m.Ids[i]));
        }
    }

    private static void Validate(MessageType type, TaskOutcome? outcome)
    {
        if (outcome is null)
        {
            throw Exception(type, "Outcome", "is missing");
        }

        Check(type, "Outcome.Status", Status(outcome.Status));
        Check(type, "Outcome.ResultType", OptionalLine(outcome.ResultType, MessageLimits.MaxTypeNameLength));
        Check(type, "Outcome.ErrorType", OptionalLine(outcome.ErrorType, MessageLimits.MaxTypeNameLength));
        Check(type, "Outcome.ErrorMessage", OptionalText(outcome.ErrorMessage, MessageLimits.MaxErrorMessageLength));
        Check(type, "Outcome.ErrorStackTrace", OptionalText(outcome.ErrorStackTrace, MessageLimits.MaxStackTraceLength));
        Check(type, "Outcome.Node", OptionalLine(outcome.Node, MessageLimits.MaxNameLength));
        Check(type, "Outcome.Attempts", NonNegative(outcome.Attempts));
        Check(type, "Outcome.ExitDescription", OptionalLine(outcome.ExitDescription, MessageLimits.MaxReasonLength));
    }
}
