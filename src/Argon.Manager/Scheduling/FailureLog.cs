using System.Globalization;
using Argon.Protocol;
using Argon.Protocol.Messages;
using Microsoft.Extensions.Logging;

namespace Argon.Manager.Scheduling;

/// <summary>
/// Failed, timed-out and crashed tasks, logged at Information for operators: the task type, the exception type and a
/// shortened message, never the payload. A flood of one kind (same task type, status and exception type) is held to
/// one line per window: the first is logged at once, the rest are counted, and the count is said when the window has
/// passed ("… and 49 more like it in the last 10 s"), through <see cref="Flush"/> or the next one of that kind.
/// Successes never come here.
/// </summary>
internal sealed class FailureLog(ILogger logger, TimeSpan window, Func<long>? clockMs = null)
{
    /// <summary>The longest error message quoted in a line.</summary>
    public const int MaxMessageLength = 200;

    /// <summary>Kinds remembered at once; past it, the ones whose window has passed are forgotten first.</summary>
    private const int MaxKinds = 1024;

    private readonly Func<long> _clockMs = clockMs ?? (static () => Environment.TickCount64);
    private readonly long _windowMs = (long)window.TotalMilliseconds;
    private readonly Lock _gate = new();
    private readonly Dictionary<Kind, Window> _windows = [];
    private int _counting; // kinds holding lines back: Flush has nothing to do while it is 0

    /// <summary>A task ended with <paramref name="outcome"/>, which is not a success.</summary>
    public void Report(string taskType, TaskOutcome outcome)
    {
        if (outcome.Status is OutcomeStatus.Succeeded or OutcomeStatus.Revoked || !logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var now = _clockMs();
        var kind = new Kind(taskType, outcome.Status, outcome.ErrorType);
        lock (_gate)
        {
            if (_windows.TryGetValue(kind, out var open) && now - open.StartedAt < _windowMs)
            {
                if (open.HeldBack++ == 0)
                {
                    _counting++;
                }

                return;
            }

            if (open is not null)
            {
                Summarize(kind, open, now);
            }
            else if (_windows.Count >= MaxKinds)
            {
                FlushLocked(now, forgetAll: true);
            }

            _windows[kind] = new Window(now);
        }

        var safeType = PeerText.Escape(taskType);
        var status = OutcomeNames.Of(outcome.Status);
        var safeErrorType = PeerText.Escape(outcome.ErrorType ?? "-");
        var safeMessage = PeerText.Escape(outcome.ErrorMessage ?? outcome.ExitDescription ?? "", MaxMessageLength);
        var safeNode = PeerText.Escape(outcome.Node ?? "-");
        ManagerLog.TaskFailed(logger, safeType, status, safeErrorType, safeMessage, safeNode);
    }

    /// <summary>Says the counts of windows that have passed. Cheap when nothing is held back (called every few ms).</summary>
    public void Flush()
    {
        if (Volatile.Read(ref _counting) == 0)
        {
            return;
        }

        lock (_gate)
        {
            FlushLocked(_clockMs(), forgetAll: false);
        }
    }

    private void FlushLocked(long now, bool forgetAll)
    {
        foreach (var (kind, open) in _windows.ToList())
        {
            if (now - open.StartedAt < _windowMs)
            {
                continue;
            }

            Summarize(kind, open, now);
            if (forgetAll || open.HeldBack == 0)
            {
                _windows.Remove(kind);
            }
        }
    }

    private void Summarize(Kind kind, Window open, long now)
    {
        if (open.HeldBack == 0)
        {
            return;
        }

        var safeType = PeerText.Escape(kind.TaskType);
        var status = OutcomeNames.Of(kind.Status);
        var safeErrorType = PeerText.Escape(kind.ErrorType ?? "-");
        var seconds = ((now - open.StartedAt) / 1000.0).ToString("0", CultureInfo.InvariantCulture);
        ManagerLog.TaskFailedMore(logger, safeType, status, safeErrorType, open.HeldBack, seconds);
        open.HeldBack = 0;
        open.StartedAt = now; // the next window starts with the summary: what follows at once is counted into it
        _counting--;
    }

    private readonly record struct Kind(string TaskType, OutcomeStatus Status, string? ErrorType);

    private sealed class Window(long startedAt)
    {
        public long StartedAt { get; set; } = startedAt;

        public int HeldBack { get; set; }
    }
}
