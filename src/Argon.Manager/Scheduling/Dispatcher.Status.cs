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

    /// <summary>Stops accepting and fails every task that has not finished, so each still gets its one outcome.</summary>
    public void Shutdown(string reason)
    {
        lock (_gate)
        {
            _shuttingDown = true;
            foreach (var entry in _queue.DrainAll())
            {
                _failed++;
                Deliver(entry, TaskOutcome.Failure(OutcomeStatus.Failed, reason, _options.Node));
            }

            foreach (var worker in _workers.All)
            {
                foreach (var entry in worker.Running.Values)
                {
                    _failed++;
                    Deliver(entry, TaskOutcome.Failure(OutcomeStatus.Failed, reason, _options.Node));
                    entry.Abandoned = true;
                }
            }
        }
    }
}
