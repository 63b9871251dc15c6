using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace Argon.ChaosTests;

/// <summary>What became of a task, as its caller saw it.</summary>
internal enum OutcomeKind
{
    Succeeded,
    WrongResult,
    WorkerLost,
    ConnectionLost,
    TimedOut,
    Other,
}

/// <summary>
/// Every task the load generator submitted and every outcome its callers saw. The checks are the contract of
/// DESIGN.md §1.1 under faults: each task has exactly one outcome, each success carries the task's own answer, and
/// each failure is one the faults explain.
/// </summary>
internal sealed class Ledger
{
    private readonly ConcurrentDictionary<long, Entry> _entries = new();
    private readonly ConcurrentQueue<string> _violations = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _windowsGate = new();
    private readonly List<(TimeSpan From, TimeSpan? To)> _managerOutages = [];
    private long _nextId;
    private int _recorded;

    /// <summary>How long after a manager is back a caller may still hear that its old connection was lost.</summary>
    public static readonly TimeSpan OutageGrace = TimeSpan.FromSeconds(10);

    public int Submitted => _entries.Count;

    /// <summary>How many outcomes have been recorded so far.</summary>
    public int Recorded => Volatile.Read(ref _recorded);

    /// <summary>
    /// Records a task about to be submitted, with the answer it must come back with; returns its id. A task from a
    /// client with Reconnect and Retry on (<paramref name="resubmitted"/>) is submitted again on a new connection, so
    /// it may never fail with a lost connection.
    /// </summary>
    public long Submit(string description, int expected, bool resubmitted)
    {
        var id = Interlocked.Increment(ref _nextId);
        _entries[id] = new Entry(description, expected, resubmitted, _clock.Elapsed);
        return id;
    }

    /// <summary>Records the result a call returned.</summary>
    public void Succeeded(long id, int result) =>
        Record(id, _entries[id].Expected == result ? OutcomeKind.Succeeded : OutcomeKind.WrongResult, result.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Records the exception a call threw.</summary>
    public void Failed(long id, Exception error) => Record(id, Classify(error), $"{error.GetType().Name}: {error.Message}");

    /// <summary>Marks the start of a time when the manager is down (killed, not yet restarted).</summary>
    public void ManagerDown()
    {
        lock (_windowsGate)
        {
            _managerOutages.Add((_clock.Elapsed, null));
        }
    }

    /// <summary>Marks the end of the last manager outage: a new manager listens.</summary>
    public void ManagerUp()
    {
        lock (_windowsGate)
        {
            var last = _managerOutages[^1];
            _managerOutages[^1] = (last.From, _clock.Elapsed);
        }
    }

    /// <summary>Waits until every submitted task has an outcome or <paramref name="within"/> passes; returns how many lack one.</summary>
    public async Task<int> WaitForAllOutcomesAsync(TimeSpan within)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var missing = _entries.Values.Count(e => e.Outcomes.IsEmpty);
            if (missing == 0 || watch.Elapsed > within)
            {
                return missing;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    public int Count(OutcomeKind kind) => _entries.Values.Count(e => e.Outcomes.Count == 1 && e.Outcomes.TryPeek(out var o) && o.Kind == kind);

    /// <summary>Every broken promise: tasks without an outcome or with two, wrong answers, unexplained failures.</summary>
    public IReadOnlyList<string> Violations()
    {
        var found = new List<string>(_violations);
        foreach (var (id, entry) in _entries.OrderBy(e => e.Key))
        {
            var outcomes = entry.Outcomes.ToArray();
            if (outcomes.Length == 0)
            {
                found.Add($"task {id} ({entry.Description}, submitted at {entry.SubmittedAt.TotalSeconds:0.0} s) has no outcome");
                continue;
            }

            if (outcomes.Length > 1)
            {
                found.Add($"task {id} ({entry.Description}) has {outcomes.Length} outcomes: {string.Join("; ", outcomes.Select(o => o.Detail))}");
            }

            var outcome = outcomes[0];
            switch (outcome.Kind)
            {
                case OutcomeKind.WrongResult:
                    found.Add($"task {id} ({entry.Description}) returned {outcome.Detail}, expected {entry.Expected}");
                    break;
                case OutcomeKind.ConnectionLost when entry.Resubmitted:
                    found.Add($"task {id} ({entry.Description}) lost its connection at {outcome.At.TotalSeconds:0.0} s although its client reconnects and retries: {outcome.Detail}");
                    break;
                case OutcomeKind.ConnectionLost when !InManagerOutage(outcome.At):
                    found.Add($"task {id} ({entry.Description}) lost its connection at {outcome.At.TotalSeconds:0.0} s with no manager outage near: {outcome.Detail}");
                    break;
                case OutcomeKind.TimedOut or OutcomeKind.Other:
                    found.Add($"task {id} ({entry.Description}) failed unexpectedly at {outcome.At.TotalSeconds:0.0} s: {outcome.Detail}");
                    break;
            }
        }

        return found;
    }

    /// <summary>One line per outcome kind, for the summary.</summary>
    public string Counts()
    {
        var text = new StringBuilder();
        text.Append(System.Globalization.CultureInfo.InvariantCulture, $"tasks {Submitted}");
        foreach (var kind in Enum.GetValues<OutcomeKind>())
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $", {kind} {Count(kind)}");
        }

        var none = _entries.Values.Count(e => e.Outcomes.IsEmpty);
        var several = _entries.Values.Count(e => e.Outcomes.Count > 1);
        text.Append(System.Globalization.CultureInfo.InvariantCulture, $", without outcome {none}, with several {several}");
        return text.ToString();
    }

    private static OutcomeKind Classify(Exception error) => error switch
    {
        WorkerLostException => OutcomeKind.WorkerLost,
        ArgonConnectionException => OutcomeKind.ConnectionLost,
        ArgonTimeoutException => OutcomeKind.TimedOut,
        _ => OutcomeKind.Other,
    };

    private void Record(long id, OutcomeKind kind, string detail)
    {
        if (!_entries.TryGetValue(id, out var entry))
        {
            _violations.Enqueue($"an outcome for task {id}, which was never submitted: {detail}");
            return;
        }

        entry.Outcomes.Enqueue(new Outcome(kind, detail, _clock.Elapsed));
        Interlocked.Increment(ref _recorded);
    }

    private bool InManagerOutage(TimeSpan at)
    {
        lock (_windowsGate)
        {
            return _managerOutages.Any(w => at >= w.From && (w.To is null || at <= w.To.Value + OutageGrace));
        }
    }

    private sealed record Outcome(OutcomeKind Kind, string Detail, TimeSpan At);

    private sealed class Entry(string description, int expected, bool resubmitted, TimeSpan submittedAt)
    {
        public string Description { get; } = description;

        public int Expected { get; } = expected;

        public bool Resubmitted { get; } = resubmitted;

        public TimeSpan SubmittedAt { get; } = submittedAt;

        public ConcurrentQueue<Outcome> Outcomes { get; } = new();
    }
}
