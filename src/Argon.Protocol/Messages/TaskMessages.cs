using MessagePack;

namespace Argon.Protocol.Messages;

/// <summary>Client → manager (or stand-alone worker): run this task. Id is the client's own.</summary>
[MessagePackObject]
public sealed class Submit : Message
{
    [IgnoreMember]
    public override MessageType Type => MessageType.Submit;

    [Key(0)] public long Id { get; init; }
    [Key(1)] public string TypeName { get; init; } = "";
    [Key(2)] public TaskKind Kind { get; init; }
    [Key(3)] public ReadOnlyMemory<byte> Payload { get; init; }
    [Key(4)] public TaskPriority Priority { get; init; } = TaskPriority.Normal;
    [Key(5)] public int TimeoutMs { get; init; }
    [Key(6)] public int MaxAttempts { get; init; }

    /// <summary>Shipped code (ProcessAsync, or a task class sent with its assemblies); null for code the workers load.</summary>
    [Key(7)] public CodeReference? Code { get; init; }

    /// <summary>
    /// The call's own id, the same in every submission of it: a client with several managers sets it, so that a call
    /// moved from a lost manager can be attached to its execution on a worker (docs/decisions.md). Null otherwise.
    /// </summary>
    [Key(8)] public Guid? CallId { get; init; }

    /// <summary>A submission of a call whose earlier submission was lost with its manager (with <see cref="CallId"/>).</summary>
    [Key(9)] public bool Resubmitted { get; init; }

    /// <summary>The caller's W3C trace context (<c>traceparent</c>), so the task's spans join its trace; null when it has none.</summary>
    [Key(10)] public string? TraceParent { get; init; }

    /// <summary>The W3C <c>tracestate</c> that goes with <see cref="TraceParent"/>; null when empty.</summary>
    [Key(11)] public string? TraceState { get; init; }
}

/// <summary>Manager → worker: run this task. Id is the manager's.</summary>
[MessagePackObject]
public sealed class Assign : Message
{
    [IgnoreMember]
    public override MessageType Type => MessageType.Assign;

    [Key(0)] public long Id { get; init; }
    [Key(1)] public string TypeName { get; init; } = "";
    [Key(2)] public TaskKind Kind { get; init; }
    [Key(3)] public ReadOnlyMemory<byte> Payload { get; init; }
    [Key(4)] public int TimeoutMs { get; init; }

    /// <summary>The Submit's shipped code, passed through.</summary>
    [Key(5)] public CodeReference? Code { get; init; }

    /// <summary>The Submit's call id, passed through: a worker still running that call for a lost manager attaches to it instead.</summary>
    [Key(6)] public Guid? CallId { get; init; }

    /// <summary>The sender's W3C trace context (<c>traceparent</c>: the manager's dispatch span, or the worker's run span); null when it has none.</summary>
    [Key(7)] public string? TraceParent { get; init; }

    /// <summary>The W3C <c>tracestate</c> that goes with <see cref="TraceParent"/>; null when empty.</summary>
    [Key(8)] public string? TraceState { get; init; }
}

/// <summary>The end of one task: its result or its error.</summary>
[MessagePackObject]
public sealed class TaskOutcome
{
    [Key(0)] public OutcomeStatus Status { get; init; }
    [Key(1)] public ReadOnlyMemory<byte> Payload { get; init; }
    [Key(2)] public string? ResultType { get; init; }
    [Key(3)] public string? ErrorType { get; init; }
    [Key(4)] public string? ErrorMessage { get; init; }
    [Key(5)] public string? ErrorStackTrace { get; init; }
    [Key(6)] public string? Node { get; init; }

    /// <summary>Crashed: how many attempts crashed their executor. 0 for every other status.</summary>
    [Key(7)] public int Attempts { get; init; }

    /// <summary>Crashed: how the last executor died ("stack overflow; exit code 134 (signal SIGABRT)"). Null otherwise.</summary>
    [Key(8)] public string? ExitDescription { get; init; }

    /// <summary>A failure this node reports; the message is fitted to the protocol's bounds (it may quote a task's error).</summary>
    public static TaskOutcome Failure(OutcomeStatus status, string message, string? node = null) =>
        new() { Status = status, ErrorMessage = PeerText.FitMultiline(message, Validation.MessageLimits.MaxErrorMessageLength), Node = node };
}

/// <summary>Worker → manager: the outcome of an Assign.</summary>
[MessagePackObject]
public sealed class Complete : Message
{
    [IgnoreMember]
    public override MessageType Type => MessageType.Complete;

    [Key(0)] public long Id { get; init; }
    [Key(1)] public TaskOutcome Outcome { get; init; } = new();
}

/// <summary>Manager (or stand-alone worker) → client: the outcome of a Submit.</summary>
[MessagePackObject]
public sealed class Result : Message
{
    [IgnoreMember]
    public override MessageType Type => MessageType.Result;

    [Key(0)] public long Id { get; init; }
    [Key(1)] public TaskOutcome Outcome { get; init; } = new();
}

/// <summary>The task was not accepted: no capacity. The client may retry after the hint.</summary>
[MessagePackObject]
public sealed class Deny : Message
{
    [IgnoreMember]
    public override MessageType Type => MessageType.Deny;

    [Key(0)] public long Id { get; init; }
    [Key(1)] public string Reason { get; init; } = "";
    [Key(2)] public int QueueDepth { get; init; }
    [Key(3)] public int RetryAfterMs { get; init; }
}

/// <summary>
/// Manager → worker: give these assigned tasks back if they have not started (each answered with a Complete whose
/// status is Revoked); those already running are left alone and complete as usual. How a task prefetched behind
/// a long one moves to an executor that fell idle elsewhere.
/// </summary>
[MessagePackObject]
public sealed class Revoke : Message
{
    [IgnoreMember]
    public override MessageType Type => MessageType.Revoke;

    [Key(0)] public long[] Ids { get; init; } = [];
}

/// <summary>Cancel a submitted (client → manager) or assigned (manager → worker) task.</summary>
[MessagePackObject]
public sealed class Cancel : Message
{
    [IgnoreMember]
    public override MessageType Type => MessageType.Cancel;

    [Key(0)] public long Id { get; init; }
}
