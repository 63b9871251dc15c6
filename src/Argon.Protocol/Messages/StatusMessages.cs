using MessagePack;

namespace Argon.Protocol.Messages;

/// <summary>Ask a manager (or stand-alone worker) for its state.</summary>
[MessagePackObject]
public sealed class StatusRequest : Message
{
    [IgnoreMember]
    public override MessageType Type => MessageType.StatusRequest;

    [Key(0)] public long Id { get; init; }
}

/// <summary>One worker as the manager sees it.</summary>
[MessagePackObject]
public sealed class WorkerStatus
{
    [Key(0)] public string NodeId { get; init; } = "";
    [Key(1)] public string Address { get; init; } = "";
    [Key(2)] public int Capacity { get; init; }
    [Key(3)] public int InFlight { get; init; }
    [Key(4)] public double AverageTaskMs { get; init; }
    [Key(5)] public long Completed { get; init; }
    [Key(6)] public double UptimeSeconds { get; init; }
}

/// <summary>The answer to a StatusRequest.</summary>
[MessagePackObject]
public sealed class StatusReply : Message
{
    [IgnoreMember]
    public override MessageType Type => MessageType.StatusReply;

    [Key(0)] public long Id { get; init; }
    [Key(1)] public string Node { get; init; } = "";
    [Key(2)] public string Version { get; init; } = "";
    [Key(3)] public IReadOnlyList<WorkerStatus> Workers { get; init; } = [];
    [Key(4)] public int Capacity { get; init; }
    [Key(5)] public int InFlight { get; init; }
    [Key(6)] public int QueueLimit { get; init; }
    [Key(7)] public int[] QueueDepthByPriority { get; init; } = [0, 0, 0];
    [Key(8)] public long Submitted { get; init; }
    [Key(9)] public long Completed { get; init; }
    [Key(10)] public long Failed { get; init; }
    [Key(11)] public long Denied { get; init; }
    [Key(12)] public double TasksPerSecond { get; init; }
    [Key(13)] public double UptimeSeconds { get; init; }

    /// <summary>The other managers this manager's workers report on (PeerReport), by endpoint; empty when they serve only it.</summary>
    [Key(14)] public IReadOnlyList<PeerStatus> Peers { get; init; } = [];
}
