using Argon.Protocol.Messages;

namespace Argon.Worker.Execution;

/// <summary>A task to run, as the worker received it.</summary>
internal sealed record TaskRequest(string TypeName, TaskKind Kind, ReadOnlyMemory<byte> Payload, TimeSpan? Timeout, CodeReference? Code = null)
{
    /// <summary>The id the task came with (the manager's, or a direct client's), for the logs.</summary>
    public long Id { get; init; }

    /// <summary>For a manager's task, whether its session may still start it (<see cref="SessionFence"/>); null for a direct client's.</summary>
    public SessionFence? Fence { get; init; }

    /// <summary>The W3C traceparent it came with (or this worker's run span, once running), passed on to the executor.</summary>
    public string? TraceParent { get; init; }

    /// <summary>The W3C tracestate that goes with <see cref="TraceParent"/>.</summary>
    public string? TraceState { get; init; }
}
