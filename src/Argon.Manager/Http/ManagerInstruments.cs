using System.Diagnostics;
using System.Diagnostics.Metrics;
using Argon.Protocol.Diagnostics;
using Argon.Protocol.Messages;

namespace Argon.Manager.Http;

/// <summary>
/// The manager's instruments on the "Argon" <see cref="Meter"/>: the same as its Prometheus metrics
/// (<see cref="ManagerMetrics"/>), with OpenTelemetry names, moved by the same hooks. The gauges are observed from a
/// status snapshot, taken at most once a second however many of them a collection reads (docs/operations.md).
/// </summary>
internal sealed class ManagerInstruments : IDisposable
{
    private static readonly TimeSpan SnapshotAge = TimeSpan.FromSeconds(1);
    private static readonly string[] Priorities = ["low", "normal", "high"];

    private readonly Meter _meter = new(ArgonActivity.Name, typeof(ManagerInstruments).Assembly.GetName().Version?.ToString());
    private readonly Counter<long> _submitted;
    private readonly Counter<long> _outcomes;
    private readonly Counter<long> _denied;
    private readonly Counter<long> _connections;
    private readonly Counter<long> _attached;
    private readonly Histogram<double> _duration;
    private readonly Lock _snapshotGate = new();
    private Func<(StatusReply Status, int OpenConnections)>? _source;
    private (StatusReply Status, int OpenConnections)? _snapshot;
    private long _snapshotAt;

    public ManagerInstruments()
    {
        _submitted = _meter.CreateCounter<long>("argon.manager.tasks.submitted", "{task}", "Tasks accepted into the manager.");
        _outcomes = _meter.CreateCounter<long>("argon.manager.tasks.outcomes", "{task}",
            "Outcomes sent for accepted tasks, by status (succeeded, faulted, timed_out, cancelled, worker_lost, failed).");
        _denied = _meter.CreateCounter<long>("argon.manager.tasks.denied", "{task}", "Submits denied at once, by reason (queue_full, no_workers, shutting_down).");
        _connections = _meter.CreateCounter<long>("argon.manager.connections", "{connection}", "Authenticated connections accepted, by role.");
        _attached = _meter.CreateCounter<long>("argon.manager.calls.attached", "{call}",
            "Calls moved here from a lost manager and attached to the execution a worker still held for it, instead of run again.");
        _duration = _meter.CreateHistogram<double>("argon.manager.task.duration", "s",
            "Time from Assign to Complete as the manager sees it (one worker attempt), by outcome status.");
        _meter.CreateObservableGauge("argon.manager.queue.depth", QueueDepth, "{task}", "Tasks waiting for a worker, by priority.");
        _meter.CreateObservableGauge("argon.manager.queue.limit", () => Observe(s => s.Status.QueueLimit), "{task}", "The most tasks the queue holds before it denies.");
        _meter.CreateObservableGauge("argon.manager.workers", () => Observe(s => s.Status.Workers.Count), "{worker}", "Workers registered and routed to.");
        _meter.CreateObservableGauge("argon.manager.capacity", () => Observe(s => s.Status.Capacity), "{executor}", "Executors across every registered worker.");
        _meter.CreateObservableGauge("argon.manager.in_flight", () => Observe(s => s.Status.InFlight), "{task}", "Tasks assigned to workers and not yet complete.");
        _meter.CreateObservableGauge("argon.manager.throughput", () => Observe(s => s.Status.TasksPerSecond), "{task}/s", "Completions per second over the last few seconds.");
        _meter.CreateObservableGauge("argon.manager.connections.open", () => Observe(s => s.OpenConnections), "{connection}",
            "Open authenticated connections (clients and workers).");
        _meter.CreateObservableGauge("argon.manager.peer.reachable_workers", () => Peers(p => p.ReachableBy), "{worker}",
            "Workers of this manager connected to another manager they serve now, by that manager (peer).");
        _meter.CreateObservableGauge("argon.manager.peer.reporting_workers", () => Peers(p => p.ReportedBy), "{worker}",
            "Workers of this manager that also serve another manager and report on it, by that manager (peer).");
    }

    /// <summary>The meter itself (one per manager, so two in one process, as in tests, stay apart).</summary>
    public Meter Meter => _meter;

    /// <summary>Where the gauges read the manager's state (the dispatcher's status, as /metrics does); until then they report nothing.</summary>
    public void ObserveFrom(Func<(StatusReply Status, int OpenConnections)> source) => _source = source;

    public void Submitted() => _submitted.Add(1);

    public void Outcome(OutcomeStatus status) => _outcomes.Add(1, new KeyValuePair<string, object?>("status", OutcomeNames.Of(status)));

    public void TaskDuration(OutcomeStatus status, long milliseconds)
    {
        if (_duration.Enabled)
        {
            _duration.Record(milliseconds / 1000.0, new KeyValuePair<string, object?>("status", OutcomeNames.Of(status)));
        }
    }

    public void Attached() => _attached.Add(1);

    public void Denied(string reason) => _denied.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Connected(string role) => _connections.Add(1, new KeyValuePair<string, object?>("role", role));

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<int>> QueueDepth()
    {
        if (Snapshot() is not { } snapshot)
        {
            yield break;
        }

        for (var i = 0; i < Priorities.Length; i++)
        {
            var depth = snapshot.Status.QueueDepthByPriority.Length > i ? snapshot.Status.QueueDepthByPriority[i] : 0;
            yield return new Measurement<int>(depth, new KeyValuePair<string, object?>("priority", Priorities[i]));
        }
    }

    private IEnumerable<Measurement<int>> Peers(Func<PeerStatus, int> value) =>
        Snapshot() is { } snapshot
            ? snapshot.Status.Peers.Select(p => new Measurement<int>(value(p), new KeyValuePair<string, object?>("peer", p.Endpoint)))
            : [];

    private IEnumerable<Measurement<T>> Observe<T>(Func<(StatusReply Status, int OpenConnections), T> value)
        where T : struct =>
        Snapshot() is { } snapshot ? [new Measurement<T>(value(snapshot))] : [];

    private (StatusReply Status, int OpenConnections)? Snapshot()
    {
        if (_source is not { } source)
        {
            return null;
        }

        lock (_snapshotGate)
        {
            if (_snapshot is null || Stopwatch.GetElapsedTime(_snapshotAt) > SnapshotAge)
            {
                _snapshot = source();
                _snapshotAt = Stopwatch.GetTimestamp();
            }

            return _snapshot;
        }
    }
}
