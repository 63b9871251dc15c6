using Argon.Protocol.Messages;

namespace Argon;

/// <summary>One worker as its manager sees it.</summary>
public sealed record ArgonWorkerStatus(
    string NodeId, string Address, int Capacity, int InFlight, TimeSpan AverageTaskTime, long Completed, TimeSpan Uptime);

/// <summary>
/// Another manager that this manager's workers also serve (a redundant cluster), as they report it: reached by
/// <paramref name="ReachableBy"/> of the <paramref name="ReportedBy"/> workers that report on it, the latest change
/// <paramref name="SinceChange"/> ago. <paramref name="Endpoint"/> is host:port as the workers were given it.
/// </summary>
public sealed record ArgonPeerStatus(string Endpoint, int ReachableBy, int ReportedBy, TimeSpan SinceChange);

/// <summary>A manager's view of its cluster.</summary>
public sealed record ArgonClusterStatus
{
    /// <summary>The manager's node name.</summary>
    public required string Node { get; init; }
    /// <summary>The manager's Argon version.</summary>
    public required string Version { get; init; }
    /// <summary>The workers registered with the manager.</summary>
    public required IReadOnlyList<ArgonWorkerStatus> Workers { get; init; }
    /// <summary>How many tasks its workers run at once, together.</summary>
    public int Capacity { get; init; }
    /// <summary>Tasks running on its workers now.</summary>
    public int InFlight { get; init; }
    /// <summary>The most tasks its queue holds.</summary>
    public int QueueLimit { get; init; }
    /// <summary>Tasks of high priority queued now.</summary>
    public int QueuedHigh { get; init; }
    /// <summary>Tasks of normal priority queued now.</summary>
    public int QueuedNormal { get; init; }
    /// <summary>Tasks of low priority queued now.</summary>
    public int QueuedLow { get; init; }
    /// <summary>Tasks queued now, of every priority.</summary>
    public int Queued => QueuedHigh + QueuedNormal + QueuedLow;
    /// <summary>Tasks submitted since the manager started.</summary>
    public long Submitted { get; init; }
    /// <summary>Tasks completed since the manager started.</summary>
    public long Completed { get; init; }
    /// <summary>Tasks that ended other than successfully since the manager started.</summary>
    public long Failed { get; init; }
    /// <summary>Submissions denied for lack of room since the manager started.</summary>
    public long Denied { get; init; }
    /// <summary>Tasks completed per second, recently.</summary>
    public double TasksPerSecond { get; init; }
    /// <summary>How long the manager has run.</summary>
    public TimeSpan Uptime { get; init; }

    /// <summary>The other managers its workers serve, by endpoint; empty when they serve only this one (or it is a stand-alone worker).</summary>
    public IReadOnlyList<ArgonPeerStatus> Peers { get; init; } = [];

    internal static ArgonClusterStatus From(StatusReply reply)
    {
        int Depth(TaskPriority priority) => reply.QueueDepthByPriority.Length > (int)priority ? reply.QueueDepthByPriority[(int)priority] : 0;
        return new ArgonClusterStatus
        {
            Node = reply.Node,
            Version = reply.Version,
            Workers = reply.Workers.Select(w => new ArgonWorkerStatus(
                w.NodeId, w.Address, w.Capacity, w.InFlight, TimeSpan.FromMilliseconds(w.AverageTaskMs), w.Completed,
                TimeSpan.FromSeconds(w.UptimeSeconds))).ToArray(),
            Capacity = reply.Capacity,
            InFlight = reply.InFlight,
            QueueLimit = reply.QueueLimit,
            QueuedHigh = Depth(TaskPriority.High),
            QueuedNormal = Depth(TaskPriority.Normal),
            QueuedLow = Depth(TaskPriority.Low),
            Submitted = reply.Submitted,
            Completed = reply.Completed,
            Failed = reply.Failed,
            Denied = reply.Denied,
            TasksPerSecond = reply.TasksPerSecond,
            Uptime = TimeSpan.FromSeconds(reply.UptimeSeconds),
            Peers = reply.Peers.Select(p => new ArgonPeerStatus(p.Endpoint, p.ReachableBy, p.ReportedBy, TimeSpan.FromMilliseconds(p.SinceChangeMs))).ToArray(),
        };
    }
}
