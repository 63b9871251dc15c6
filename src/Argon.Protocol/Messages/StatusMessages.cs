using MessagePack;

namespace Argon.Protocol.Messages;

/// <summary>Ask a manager (or stand-alone worker) for its state.</summary>
[MessagePackObject]
public sealed class StatusRequest : Message
{
    /// <inheritdoc/>
    [IgnoreMember]
    public override MessageType Type => MessageType.StatusRequest;

    /// <summary>The request's id, echoed in the reply.</summary>
    [Key(0)] public long Id { get; init; }
}

/// <summary>One worker as the manager sees it.</summary>
[MessagePackObject]
public sealed class WorkerStatus
{
    /// <summary>The worker's node id.</summary>
    [Key(0)] public string NodeId { get; init; } = "";
    /// <summary>The worker's address as the manager sees it.</summary>
    [Key(1)] public string Address { get; init; } = "";
    /// <summary>How many tasks the worker runs at once (for this manager).</summary>
    [Key(2)] public int Capacity { get; init; }
    /// <summary>Tasks assigned to the worker and not yet complete.</summary>
    [Key(3)] public int InFlight { get; init; }
    /// <summary>The average run time of its recent tasks, in milliseconds.</summary>
    [Key(4)] public double AverageTaskMs { get; init; }
    /// <summary>Tasks the worker has completed.</summary>
    [Key(5)] public long Completed { get; init; }
    /// <summary>Seconds since the worker registered.</summary>
    [Key(6)] public double UptimeSeconds { get; init; }
}

/// <summary>The answer to a StatusRequest.</summary>
[MessagePackObject]
public sealed class StatusReply : Message
{
    /// <inheritdoc/>
    [IgnoreMember]
    public override MessageType Type => MessageType.StatusReply;

    /// <summary>The id of the StatusRequest answered.</summary>
    [Key(0)] public long Id { get; init; }
    /// <summary>The answering node's name.</summary>
    [Key(1)] public string Node { get; init; } = "";
    /// <summary>The answering node's Argon version.</summary>
    [Key(2)] public string Version { get; init; } = "";
    /// <summary>The workers registered with it.</summary>
    [Key(3)] public IReadOnlyList<WorkerStatus> Workers { get; init; } = [];
    /// <summary>The total capacity of its workers.</summary>
    [Key(4)] public int Capacity { get; init; }
    /// <summary>Tasks running on its workers now.</summary>
    [Key(5)] public int InFlight { get; init; }
    /// <summary>The most tasks its queue holds.</summary>
    [Key(6)] public int QueueLimit { get; init; }
    /// <summary>Tasks queued now, by priority (low, normal, high).</summary>
    [Key(7)] public int[] QueueDepthByPriority { get; init; } = [0, 0, 0];
    /// <summary>Tasks submitted since it started.</summary>
    [Key(8)] public long Submitted { get; init; }
    /// <summary>Tasks completed since it started.</summary>
    [Key(9)] public long Completed { get; init; }
    /// <summary>Tasks that ended other than successfully since it started.</summary>
    [Key(10)] public long Failed { get; init; }
    /// <summary>Submissions denied for lack of capacity since it started.</summary>
    [Key(11)] public long Denied { get; init; }
    /// <summary>Tasks completed per second, recently.</summary>
    [Key(12)] public double TasksPerSecond { get; init; }
    /// <summary>Seconds since it started.</summary>
    [Key(13)] public double UptimeSeconds { get; init; }

    /// <summary>The other managers this manager's workers report on (PeerReport), by endpoint; empty when they serve only it.</summary>
    [Key(14)] public IReadOnlyList<PeerStatus> Peers { get; init; } = [];
}
