using Argon.Protocol.Messages;

namespace Argon.Manager.Http;

/// <summary>
/// One kind of failed outcome, as the dashboard and /api/status list it: the same status, task type, exception
/// type and message, seen <paramref name="Count"/> times, first at <paramref name="FirstTime"/> and last at
/// <paramref name="Time"/> (on <paramref name="Node"/>).
/// </summary>
internal sealed record RecentError(
    DateTimeOffset Time, string Status, string? Type, string? Task, string Message, string? Node, long Count, DateTimeOffset FirstTime);

/// <summary>
/// The failed outcomes of late, grouped by status, task type, exception type and message (50 identical errors are
/// one entry with a count of 50), at most <c>capacity</c> groups, the one seen longest ago dropped first; newest
/// first; safe to add to from any thread. Only failures reach it, so it costs nothing while tasks succeed.
/// A faulted task's own exception message can hold its arguments, so only its exception type is kept, with
/// <see cref="HiddenMessage"/> in place of the message; Argon's own messages (timed out, worker lost, failed)
/// are kept, cut to <see cref="MaxLength"/> characters.
/// </summary>
internal sealed class RecentErrors(int capacity)
{
    public const int MaxLength = 160;
    public const string HiddenMessage = "(message hidden: a task's own message may hold its arguments)";
    private readonly Dictionary<(string Status, string? Type, string? Task, string Message), (RecentError Error, long Seen)> _groups = [];
    private readonly Lock _gate = new();
    private long _seen;

    public void Add(TaskOutcome outcome, string? taskType = null) => Add(outcome, taskType, DateTimeOffset.UtcNow);

    internal void Add(TaskOutcome outcome, string? taskType, DateTimeOffset now)
    {
        var message = outcome.Status == OutcomeStatus.Faulted ? HiddenMessage : Cut(outcome.ErrorMessage) ?? "";
        var key = (OutcomeNames.Of(outcome.Status), Cut(outcome.ErrorType), Cut(taskType), message);
        var node = Cut(outcome.Node);
        lock (_gate)
        {
            var seen = ++_seen;
            if (_groups.TryGetValue(key, out var group))
            {
                _groups[key] = (group.Error with { Time = now, Node = node, Count = group.Error.Count + 1 }, seen);
                return;
            }

            if (_groups.Count >= capacity)
            {
                _groups.Remove(_groups.MinBy(g => g.Value.Seen).Key);
            }

            _groups[key] = (new RecentError(now, key.Item1, key.Item2, key.Item3, message, node, 1, now), seen);
        }
    }

    /// <summary>The groups kept, the one seen most recently first.</summary>
    public IReadOnlyList<RecentError> Snapshot()
    {
        lock (_gate)
        {
            return [.. _groups.Values.OrderByDescending(g => g.Seen).Select(g => g.Error)];
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
