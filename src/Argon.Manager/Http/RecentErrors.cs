using Argon.Hosting;
using Argon.Protocol.Messages;

namespace Argon.Manager.Http;

/// <summary>One failed outcome, as the dashboard lists it.</summary>
internal sealed record RecentError(DateTimeOffset Time, string Status, string? Type, string Message, string? Node);

/// <summary>The last <c>capacity</c> failed outcomes, newest first: a bounded ring, safe to add to from any thread.</summary>
internal sealed class RecentErrors(int capacity)
{
    private const int MaxMessageLength = 500;
    private readonly RecentError?[] _ring = new RecentError?[capacity];
    private readonly Lock _gate = new();
    private long _added;

    public void Add(TaskOutcome outcome)
    {
        var message = outcome.ErrorMessage ?? "";
        var error = new RecentError(DateTimeOffset.UtcNow, OutcomeLabels.Of(outcome.Status), outcome.ErrorType,
            message.Length > MaxMessageLength ? message[..MaxMessageLength] + "…" : message, outcome.Node);
        lock (_gate)
        {
            _ring[_added++ % _ring.Length] = error;
        }
    }

    /// <summary>The errors kept, newest first.</summary>
    public IReadOnlyList<RecentError> Snapshot()
    {
        lock (_gate)
        {
            var count = (int)Math.Min(_added, _ring.Length);
            var errors = new RecentError[count];
            for (var i = 0; i < count; i++)
            {
                errors[i] = _ring[(_added - 1 - i) % _ring.Length]!;
            }

            return errors;
        }
    }
}
