using System.Text.Json;
using System.Text.Json.Serialization;
using Argon.Protocol.Messages;

namespace Argon.Manager.Http;

/// <summary>GET /api/status: the manager's status snapshot, its recent history, its recent errors (grouped), its peers' reachability and the workers lost of late.</summary>
internal sealed record StatusDocument(
    string Node, string Version, double UptimeSeconds, int Capacity, int InFlight, double Throughput,
    QueueDocument Queue, TaskCounts Tasks, IReadOnlyList<WorkerDocument> Workers,
    IReadOnlyList<StatusSample> History, IReadOnlyList<RecentError> Errors, IReadOnlyList<PeerDocument> Peers,
    IReadOnlyList<LostWorker> LostWorkers)
{
    public static StatusDocument From(
        StatusReply status, IReadOnlyList<StatusSample> history, IReadOnlyList<RecentError> errors, LostWorkers? lost = null)
    {
        int Depth(int priority) => status.QueueDepthByPriority.Length > priority ? status.QueueDepthByPriority[priority] : 0;
        return new StatusDocument(status.Node, status.Version, status.UptimeSeconds, status.Capacity, status.InFlight, status.TasksPerSecond,
            new QueueDocument(status.QueueLimit, Depth(0) + Depth(1) + Depth(2), Depth(2), Depth(1), Depth(0)),
            new TaskCounts(status.Submitted, status.Completed, status.Failed, status.Denied),
            [.. status.Workers.Select(w => new WorkerDocument(w.NodeId, w.Address, w.Capacity, w.InFlight, w.AverageTaskMs, w.Completed, w.UptimeSeconds))],
            history, errors, [.. status.Peers.Select(PeerDocument.From)],
            lost?.Snapshot(status.Workers.Select(w => w.NodeId)) ?? []);
    }
}

internal sealed record QueueDocument(int Limit, int Depth, int High, int Normal, int Low);

internal sealed record TaskCounts(long Submitted, long Completed, long Failed, long Denied);

internal sealed record WorkerDocument(string Node, string Address, int Capacity, int InFlight, double AverageTaskMs, long Completed, double UptimeSeconds);

/// <summary>
/// Another manager this one's workers also serve: reached by <paramref name="ReachableBy"/> of the
/// <paramref name="ReportedBy"/> workers that report on it; <paramref name="State"/> is "all", "some" or "none".
/// </summary>
internal sealed record PeerDocument(string Endpoint, int ReachableBy, int ReportedBy, string State, double SinceChangeSeconds)
{
    public static PeerDocument From(PeerStatus peer) => new(peer.Endpoint, peer.ReachableBy, peer.ReportedBy,
        peer.ReachableBy == 0 ? "none" : peer.ReachableBy == peer.ReportedBy ? "all" : "some", peer.SinceChangeMs / 1000.0);
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(StatusDocument))]
internal sealed partial class ManagerJsonContext : JsonSerializerContext;
