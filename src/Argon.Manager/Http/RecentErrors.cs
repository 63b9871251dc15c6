using Argon.Hosting;
using Argon.Protocol.Messages;

namespace Argon.Manager.Http;

/// <summary>One failed outcome, as the dashboard and /api/status list it.</summary>
internal sealed record RecentError(DateTimeOffset Time, string Status, string? Type, string? Task, string Message, string? Node);

/// <summary>
/// The last <c>capacity</c> failed outcomes, newest first: a bounded ring, safe to add to from any thread.
/// A faulted task's own exception message can hold its arguments, so only its exception type is kept, with
/// <see cref="HiddenMessage"/> in place of the message; Argon's own messages (timed out, worker lost, failed)
/// are kept, cut to <see cref="MaxLength"/> characters.
/// </summary>
internal sealed class RecentErrors(int capacity)
{
    public const int MaxLength = 160;
    public const string HiddenMessage = "(message hidden: a task's own message may hold its arguments)";
    private readonly RecentError?[] _ring = new RecentError?[capacity];
    private readonly Lock _gate = new();
    private long _added;

    public void Add(TaskOutcome outcome, string? taskType = null)
    {
        var message = outcome.Status == OutcomeStatus.Faulted ? HiddenMessage : Cut(outcome.ErrorMessage) ?? "";
        var error = new RecentError(DateTimeOffset.UtcNow, OutcomeLabels.Of(outcome.Status), Cut(outcome.ErrorType), Cut(taskType), message, Cut(outcome.Node));
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

    /// <summary>The first line, at most <see cref="MaxLength"/> characters.</summary>
    private static string? Cut(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var newline = text.AsSpan().IndexOfAny('\r', '\n');
        var line = newline >= 0 ? text[..newline] : text;
        return line.Length > MaxLength ? line[..(MaxLength - 1)] + "…" : line;
    }
}
