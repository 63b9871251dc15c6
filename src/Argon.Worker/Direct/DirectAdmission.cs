using Argon.Protocol.Messages;
using Argon.Worker.Execution;

namespace Argon.Worker.Direct;

/// <summary>
/// Bounds what direct clients may have on a stand-alone worker: its capacity running plus a queue of waiting
/// tasks. Beyond that, tasks are denied at once, as a manager would.
/// </summary>
internal sealed class DirectAdmission(ITaskRunner runner, int queueSize)
{
    private readonly long _startedAt = Environment.TickCount64;
    private int _accepted;
    private long _submitted;
    private long _denied;

    public int Limit => runner.Capacity + queueSize;

    public bool TryEnter(out int waiting, out int limit)
    {
        limit = queueSize;
        while (true)
        {
            var current = Volatile.Read(ref _accepted);
            waiting = Math.Max(0, current - runner.Capacity);
            if (current >= Limit)
            {
                Interlocked.Increment(ref _denied);
                return false;
            }

            if (Interlocked.CompareExchange(ref _accepted, current + 1, current) == current)
            {
                Interlocked.Increment(ref _submitted);
                return true;
            }
        }
    }

    public void Leave() => Interlocked.Decrement(ref _accepted);

    public StatusReply Status(long requestId, WorkerOptions options)
    {
        var accepted = Volatile.Read(ref _accepted);
        var running = Math.Min(accepted, runner.Capacity);
        return new StatusReply
        {
            Id = requestId,
            Node = options.Node,
            Version = typeof(DirectAdmission).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
            Workers =
            [
                new WorkerStatus { NodeId = options.Node, Address = "(this worker)", Capacity = runner.Capacity, InFlight = running },
            ],
            Capacity = runner.Capacity,
            InFlight = running,
            QueueLimit = queueSize,
            QueueDepthByPriority = [0, accepted - running, 0],
            Submitted = Interlocked.Read(ref _submitted),
            Denied = Interlocked.Read(ref _denied),
            UptimeSeconds = Math.Max(0, Environment.TickCount64 - _startedAt) / 1000.0,
        };
    }
}
