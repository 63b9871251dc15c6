using Argon.Protocol.Messages;

namespace Argon.Manager.Scheduling;

internal sealed partial class Dispatcher
{
    public StatusReply Status(long requestId, string version)
    {
        var peers = _peers.Summary(Environment.TickCount64); // outside the lock: it is no scheduling state
        lock (_gate)
        {
            // Read under the lock: a worker registered after a clock read taken outside it would show a negative
            // uptime, which the client's validation refuses (closing its connection).
            var now = Environment.TickCount64;
            return new StatusReply
            {
                Id = requestId,
                Node = _options.Node,
                Version = version,
                Workers = _workers.All.OrderBy(w => w.Sequence).Select(w => new WorkerStatus
                {
                    NodeId = w.NodeId,
                    Address = w.Address,
                    Capacity = w.Capacity,
                    InFlight = w.InFlight,
                    AverageTaskMs = w.AverageTaskMs,
                    Completed = w.Completed,
                    UptimeSeconds = Math.Max(0, now - w.ConnectedAt) / 1000.0,
                }).ToArray(),
                Capacity = _workers.TotalCapacity,
                InFlight = _workers.All.Sum(w => w.InFlight),
                QueueLimit = QueueLimit,
                QueueDepthByPriority = [_queue.CountOf(TaskPriority.Low), _queue.CountOf(TaskPriority.Normal), _queue.CountOf(TaskPriority.High)],
                Submitted = _submitted,
                Completed = _completed,
                Failed = _failed,
                Denied = _denied,
                TasksPerSecond = _completions.PerSecond(now),
                UptimeSeconds = (now - _startedAt) / 1000.0,
                Peers = peers,
            };
        }
    }
}
