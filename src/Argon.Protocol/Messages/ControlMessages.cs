using MessagePack;

namespace Argon.Protocol.Messages;

/// <summary>Worker → manager: the worker's identity and how many tasks it runs at once.</summary>
[MessagePackObject]
public sealed class Register : Message
{
    /// <inheritdoc/>
    [IgnoreMember]
    public override MessageType Type => MessageType.Register;

    /// <summary>The worker's node id, unique in the cluster.</summary>
    [Key(0)] public string NodeId { get; init; } = "";
    /// <summary>How many tasks the worker runs at once (its executors).</summary>
    [Key(1)] public int Capacity { get; init; }
    /// <summary>The worker runs shipped code (it was started with --allow-eval).</summary>
    [Key(2)] public bool AllowEval { get; init; }
    /// <summary>The worker's Argon version.</summary>
    [Key(3)] public string Version { get; init; } = "";
}

/// <summary>
/// Worker → manager, from a worker serving several managers: how many of its executors this manager may now use
/// (its share; it replaces the registered capacity until the next Share). Never sent by a worker with one manager.
/// </summary>
[MessagePackObject]
public sealed class Share : Message
{
    /// <inheritdoc/>
    [IgnoreMember]
    public override MessageType Type => MessageType.Share;

    /// <summary>How many of the worker's executors the receiving manager may use now.</summary>
    [Key(0)] public int Capacity { get; init; }
}

/// <summary>
/// A liveness probe; the peer answers with IsReply set and the same timestamp. A connection that has heard
/// nothing for a heartbeat interval sends one (timestamp 0), so each side's liveness check rests on its own
/// interval and timeout alone, whatever the peer's settings.
/// </summary>
[MessagePackObject]
public sealed class Heartbeat : Message
{
    /// <inheritdoc/>
    [IgnoreMember]
    public override MessageType Type => MessageType.Heartbeat;

    /// <summary>The sender's timestamp, echoed in the reply; 0 for a keep-alive.</summary>
    [Key(0)] public long Timestamp { get; init; }
    /// <summary>This heartbeat answers one the peer sent.</summary>
    [Key(1)] public bool IsReply { get; init; }

    /// <summary>The probe a connection sends when it has heard nothing for a heartbeat interval.</summary>
    public static Heartbeat KeepAlive { get; } = new() { Timestamp = 0 };

    /// <summary>The answer to this probe.</summary>
    public Heartbeat Reply() => new() { Timestamp = Timestamp, IsReply = true };
}

/// <summary>Flow control: the peer may have this many more tasks outstanding.</summary>
[MessagePackObject]
public sealed class Credit : Message
{
    /// <inheritdoc/>
    [IgnoreMember]
    public override MessageType Type => MessageType.Credit;

    /// <summary>How many more tasks the peer may have outstanding.</summary>
    [Key(0)] public int Tasks { get; init; }
}

/// <summary>The sender is shutting down: finish what is in flight, send nothing new.</summary>
[MessagePackObject]
public sealed class Drain : Message
{
    /// <inheritdoc/>
    [IgnoreMember]
    public override MessageType Type => MessageType.Drain;

    /// <summary>Why the sender is draining, for logs.</summary>
    [Key(0)] public string Reason { get; init; } = "";
}

/// <summary>The sender is leaving; the connection closes after this frame.</summary>
[MessagePackObject]
public sealed class Goodbye : Message
{
    /// <inheritdoc/>
    [IgnoreMember]
    public override MessageType Type => MessageType.Goodbye;

    /// <summary>Why the sender is leaving, for logs.</summary>
    [Key(0)] public string Reason { get; init; } = "";
}
