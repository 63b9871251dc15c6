using Argon.Protocol.Messages;

namespace Argon.Worker.Failover;

/// <summary>
/// The outcomes a session sent within the last <c>window</c> (its heartbeat timeout), by call id: if its manager
/// turns out to be lost, those may never have arrived, and are kept as finished orphans
/// (<see cref="OrphanTable.Adopt"/>) so that a resubmission of the call gets the outcome instead of running again.
/// At most <see cref="Capacity"/>; used only by a worker serving several managers, for calls that carry a call id.
/// </summary>
internal sealed class SentOutcomes(TimeSpan window)
{
    public const int Capacity = 16 * 1024;

    private readonly Lock _gate = new();
    private readonly Queue<(Guid CallId, TaskOutcome Outcome, long SentAt)> _sent = new();
    private readonly long _windowMs = (long)window.TotalMilliseconds;

    public void Add(Guid callId, TaskOutcome outcome)
    {
        var now = Environment.TickCount64;
        lock (_gate)
        {
            while (_sent.TryPeek(out var oldest) && (_sent.Count >= Capacity || now - oldest.SentAt > _windowMs))
            {
                _sent.Dequeue();
            }

            _sent.Enqueue((callId, outcome, now));
        }
    }

    /// <summary>The outcomes sent within the window.</summary>
    public List<(Guid CallId, TaskOutcome Outcome)> Recent()
    {
        var now = Environment.TickCount64;
        lock (_gate)
        {
            return [.. _sent.Where(sent => now - sent.SentAt <= _windowMs).Select(sent => (sent.CallId, sent.Outcome))];
        }
    }
}
