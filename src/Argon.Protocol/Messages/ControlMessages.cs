using MessagePack;

namespace Argon.Protocol.Messages;

/// <summary>Worker → manager: the worker's identity and how many tasks it runs at once.</summary>
[MessagePackObject]
public sealed class Register : Message
{
    [IgnoreMember]
    public override MessageType Type => MessageType.Register;

    [Key(0)] public string NodeId { get; init; } = "";
    [Key(1)] public int Capacity { get; init; }
    [Key(2)] public bool AllowEval { get; init; }
    [Key(3)] public string Version { get; init; } = "";
}

/// <summary>
/// Worker → manager, from a worker serving several managers: how many of its executors this manager may now use
/// (its share; it replaces the registered capacity until the next Share). Never sent by a worker with one manager.
/// </summary>
[MessagePackObject]
public sealed class Share : Message
{
    [IgnoreMember]
    public override MessageType Type => MessageType.Share;

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
    [IgnoreMember]
    public override MessageType Type => MessageType.Heartbeat;

    [Key(0)] public long Timestamp { get; init; }
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
    [IgnoreMember]
    public override MessageType Type => MessageType.Credit;

    [Key(0)] public int Tasks { get; init; }
}

/// <summary>The sender is shutting down: finish what is in flight, send nothing new.</summary>
[MessagePackObject]
public sealed class Drain : Message
{
    [IgnoreMember]
    public override MessageType Type => MessageType.Drain;

    [Key(0)] public string Reason { get; init; } = "";
}

/// <summary>The sender is leaving; the connection closes after this frame.</summary>
[MessagePackObject]
public sealed class Goodbye : Message
{
    [IgnoreMember]
    public override MessageType Type => MessageType.Goodbye;

    [Key(0)] public string Reason { get; init; } = "";
}
