using MessagePack;

namespace Argon.Protocol.Messages;

/// <summary>
/// Executor → worker, first on its local socket: the one-time token the worker gave this executor, and its
/// process id. After it, the worker sends Assign (one at a time) and Cancel; the executor answers Complete.
/// </summary>
[MessagePackObject]
public sealed class ExecutorReady : Message
{
    /// <inheritdoc/>
    [IgnoreMember]
    public override MessageType Type => MessageType.ExecutorReady;

    /// <summary>The one-time token the worker gave this executor when it started it.</summary>
    [Key(0)] public string Token { get; init; } = "";
    /// <summary>The executor's process id.</summary>
    [Key(1)] public int ProcessId { get; init; }
}
