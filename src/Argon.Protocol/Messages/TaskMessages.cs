using MessagePack;

namespace Argon.Protocol.Messages;

/// <summary>Client → manager (or stand-alone worker): run this task. Id is the client's own.</summary>
[MessagePackObject]
public sealed class Submit : Message
{
    /// <inheritdoc/>
    [IgnoreMember]
    public override MessageType Type => MessageType.Submit;

    /// <summary>The client's id for this task, unique on its connection.</summary>
    [Key(0)] public long Id { get; init; }
    /// <summary>The task's type name (or, for shipped code, a description).</summary>
    [Key(1)] public string TypeName { get; init; } = "";
    /// <summary>How the payload is to be read.</summary>
    [Key(2)] public TaskKind Kind { get; init; }
    /// <summary>The task itself: its MessagePack bytes (<see cref="TaskSerializer"/>).</summary>
    [Key(3)] public ReadOnlyMemory<byte> Payload { get; init; }
    /// <summary>Where the task goes in the manager's queue.</summary>
    [Key(4)] public TaskPriority Priority { get; init; } = TaskPriority.Normal;
    /// <summary>The task's timeout in milliseconds; 0 for the running node's default.</summary>
    [Key(5)] public int TimeoutMs { get; init; }
    /// <summary>How many times the task may be tried when its executor crashes or its worker is lost; below 1 counts as 1.</summary>
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
    /// <inheritdoc/>
    [IgnoreMember]
    public override MessageType Type => MessageType.Assign;

    /// <summary>The manager's id for this task, unique on its connection.</summary>
    [Key(0)] public long Id { get; init; }
    /// <summary>The task's type name, from the Submit.</summary>
    [Key(1)] public string TypeName { get; init; } = "";
    /// <summary>How the payload is to be read, from the Submit.</summary>
    [Key(2)] public TaskKind Kind { get; init; }
    /// <summary>The task itself, from the Submit.</summary>
    [Key(3)] public ReadOnlyMemory<byte> Payload { get; init; }
    /// <summary>The task's timeout in milliseconds; 0 for the running node's default.</summary>
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
    /// <summary>How the task ended.</summary>
    [Key(0)] public OutcomeStatus Status { get; init; }
    /// <summary>Succeeded: the result's MessagePack bytes.</summary>
    [Key(1)] public ReadOnlyMemory<byte> Payload { get; init; }
    /// <summary>Succeeded: the full name of the result's type.</summary>
    [Key(2)] public string? ResultType { get; init; }
    /// <summary>The remote exception's type name; null on success.</summary>
    [Key(3)] public string? ErrorType { get; init; }
    /// <summary>The remote exception's message, or why the task failed.</summary>
    [Key(4)] public string? ErrorMessage { get; init; }
    /// <summary>The remote exception's stack trace, when it is sent.</summary>
    [Key(5)] public string? ErrorStackTrace { get; init; }
    /// <summary>The node that ran (or failed) the task.</summary>
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
    /// <inheritdoc/>
    [IgnoreMember]
    public override MessageType Type => MessageType.Complete;

    /// <summary>The Assign's id.</summary>
    [Key(0)] public long Id { get; init; }
    /// <summary>How the task ended.</summary>
    [Key(1)] public TaskOutcome Outcome { get; init; } = new();
}

/// <summary>Manager (or stand-alone worker) → client: the outcome of a Submit.</summary>
[MessagePackObject]
public sealed class Result : Message
{
    /// <inheritdoc/>
    [IgnoreMember]
    public override MessageType Type => MessageType.Result;

    /// <summary>The Submit's id.</summary>
    [Key(0)] public long Id { get; init; }
    /// <summary>How the task ended.</summary>
    [Key(1)] public TaskOutcome Outcome { get; init; } = new();
}

/// <summary>The task was not accepted: no capacity. The client may retry after the hint.</summary>
[MessagePackObject]
public sealed class Deny : Message
{
    /// <inheritdoc/>
    [IgnoreMember]
    public override MessageType Type => MessageType.Deny;

    /// <summary>The Submit's id.</summary>
    [Key(0)] public long Id { get; init; }
    /// <summary>Why it was denied.</summary>
    [Key(1)] public string Reason { get; init; } = "";
    /// <summary>The queue's depth when it was denied.</summary>
    [Key(2)] public int QueueDepth { get; init; }
    /// <summary>How long the client should wait before it tries again, in milliseconds.</summary>
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
    /// <inheritdoc/>
    [IgnoreMember]
    public override MessageType Type => MessageType.Revoke;

    /// <summary>The manager's ids of the tasks to give back.</summary>
    [Key(0)] public long[] Ids { get; init; } = [];
}

/// <summary>Cancel a submitted (client → manager) or assigned (manager → worker) task.</summary>
[MessagePackObject]
public sealed class Cancel : Message
{
    /// <inheritdoc/>
    [IgnoreMember]
    public override MessageType Type => MessageType.Cancel;

    /// <summary>The id of the task to cancel (the sender's id for it).</summary>
    [Key(0)] public long Id { get; init; }
}
