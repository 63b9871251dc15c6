using Argon.Protocol.Messages;

namespace Argon.Manager.Scheduling;

internal sealed partial class Dispatcher
{
    public StatusReply Status(long requestId, string version)
    {
        var now = Environment.TickCount64;
        lock (_gate)
        {
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
                    UptimeSeconds = (now - w.ConnectedAt) / 1000.0,
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
            };
        }
    }
}
