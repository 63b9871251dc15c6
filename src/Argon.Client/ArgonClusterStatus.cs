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
    public required string Node { get; init; }
    public required string Version { get; init; }
    public required IReadOnlyList<ArgonWorkerStatus> Workers { get; init; }
    public int Capacity { get; init; }
    public int InFlight { get; init; }
    public int QueueLimit { get; init; }
    public int QueuedHigh { get; init; }
    public int QueuedNormal { get; init; }
    public int QueuedLow { get; init; }
    public int Queued => QueuedHigh + QueuedNormal + QueuedLow;
    public long Submitted { get; init; }
    public long Completed { get; init; }
    public long Failed { get; init; }
    public long Denied { get; init; }
    public double TasksPerSecond { get; init; }
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
