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
/// A liveness probe; the peer answers with IsReply set and the same timestamp. A connection's periodic
/// keep-alive is sent already marked as a reply (timestamp 0), so it asks for no answer.
/// </summary>
[MessagePackObject]
public sealed class Heartbeat : Message
{
    [IgnoreMember]
    public override MessageType Type => MessageType.Heartbeat;

    [Key(0)] public long Timestamp { get; init; }
    [Key(1)] public bool IsReply { get; init; }

    /// <summary>The keep-alive a connection sends when it has a heartbeat interval; nobody answers it.</summary>
    public static Heartbeat KeepAlive { get; } = new() { Timestamp = 0, IsReply = true };

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
