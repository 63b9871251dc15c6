using Argon.Hosting;
using Argon.Protocol.Messages;
using Prometheus;

namespace Argon.Manager.Http;

/// <summary>
/// The manager's Prometheus metrics, in a registry of its own (not prometheus-net's static default), so two
/// managers in one process — as in tests — never share counters. Counters move through the one-line hooks the
/// dispatcher and connection handler call as things happen; gauges are set from the dispatcher's status snapshot
/// when /metrics is scraped (<see cref="SetGauges"/>), so nothing keeps a second copy of that state.
/// </summary>
internal sealed class ManagerMetrics : IDisposable
{
    private readonly Counter _submitted;
    private readonly Counter _outcomes;
    private readonly Counter _denied;
    private readonly Counter _connections;
    private readonly Counter _attached;
    private readonly Histogram _duration;
    private readonly Gauge _queueDepth;
    private readonly Gauge _queueLimit;
    private readonly Gauge _workers;
    private readonly Gauge _capacity;
    private readonly Gauge _inFlight;
    private readonly Gauge _throughput;
    private readonly Gauge _openConnections;
    private readonly Gauge _peerReachable;
    private readonly Gauge _peerReporting;
    private readonly HashSet<string> _peers = new(StringComparer.Ordinal);
    private readonly Lock _peersGate = new();

    public ManagerMetrics()
    {
        var factory = Metrics.WithCustomRegistry(Registry);
        _submitted = factory.CreateCounter("argon_manager_tasks_submitted_total", "Tasks accepted into the manager.");
        _outcomes = factory.CreateCounter("argon_manager_tasks_outcomes_total",
            "Outcomes sent for accepted tasks, by status (succeeded, faulted, timed_out, cancelled, worker_lost, failed).", "status");
        _denied = factory.CreateCounter("argon_manager_tasks_denied_total",
            "Submits denied at once, by reason (queue_full, no_workers, shutting_down).", "reason");
        _connections = factory.CreateCounter("argon_manager_connections_total", "Authenticated connections accepted, by role.", "role");
        _attached = factory.CreateCounter("argon_manager_calls_attached_total",
            "Calls moved here from a lost manager and attached to the execution a worker still held for it, instead of run again.");
        _duration = factory.CreateHistogram("argon_manager_task_duration_seconds",
            "Time from Assign to Complete as the manager sees it (one worker attempt), by outcome status.",
            new HistogramConfiguration { LabelNames = ["status"], Buckets = Histogram.ExponentialBuckets(0.0005, 2, 18) });
        _queueDepth = factory.CreateGauge("argon_manager_queue_depth", "Tasks waiting for a worker, by priority.", "priority");
        _queueLimit = factory.CreateGauge("argon_manager_queue_limit", "The most tasks the queue holds before it denies.");
        _workers = factory.CreateGauge("argon_manager_workers", "Workers registered and routed to.");
        _capacity = factory.CreateGauge("argon_manager_capacity", "Executors across every registered worker.");
        _inFlight = factory.CreateGauge("argon_manager_in_flight", "Tasks assigned to workers and not yet complete.");
        _throughput = factory.CreateGauge("argon_manager_throughput_tasks_per_second", "Completions per second over the last few seconds.");
        _openConnections = factory.CreateGauge("argon_manager_connections_open", "Open authenticated connections (clients and workers).");
        _peerReachable = factory.CreateGauge("argon_manager_peer_reachable_workers",
            "Workers of this manager connected to another manager they serve now, by that manager (host:port as the workers name it).", "peer");
        _peerReporting = factory.CreateGauge("argon_manager_peer_reporting_workers",
            "Workers of this manager that also serve another manager and report on it, by that manager.", "peer");

        factory.CreateGauge(BuildInfo.MetricName, BuildInfo.MetricHelp, BuildInfo.LabelNames).WithLabels(BuildInfo.LabelValues).Set(1);

        // Every known label value is exported from the start (at 0), so rate() and alerts see a series before its first event.
        foreach (var status in Enum.GetValues<OutcomeStatus>().Where(s => s != OutcomeStatus.Revoked)) // Revoked never ends a task
        {
            _outcomes.WithLabels(OutcomeNames.Of(status));
            _duration.WithLabels(OutcomeNames.Of(status));
        }

        foreach (var reason in DenyReasons)
        {
            _denied.WithLabels(reason);
        }
    }

    /// <summary>The values of the <c>reason</c> label of argon_manager_tasks_denied_total.</summary>
    public static readonly string[] DenyReasons = ["queue_full", "no_workers", "shutting_down"];

    public CollectorRegistry Registry { get; } = Metrics.NewCustomRegistry();

    /// <summary>The last failed outcomes, for the dashboard.</summary>
    public RecentErrors Errors { get; } = new(50);

    /// <summary>The workers that disconnected in the last five minutes, for the dashboard.</summary>
    public LostWorkers Lost { get; } = new(TimeSpan.FromMinutes(5));

    /// <summary>The same instruments on the "Argon" meter, for OpenTelemetry; moved by the hooks below.</summary>
    public ManagerInstruments Instruments { get; } = new();

    public void Dispose() => Instruments.Dispose();

    public void Submitted()
    {
        _submitted.Inc();
        Instruments.Submitted();
    }

    /// <summary>Every outcome the manager sends (or would send, for a task whose client has gone), with the task's type name.</summary>
    public void Outcome(TaskOutcome outcome, string? taskType = null)
    {
        _outcomes.WithLabels(OutcomeNames.Of(outcome.Status)).Inc();
        Instruments.Outcome(outcome.Status);
        if (outcome.Status != OutcomeStatus.Succeeded)
        {
            Errors.Add(outcome, taskType);
        }
    }

    /// <summary>One worker attempt finished after <paramref name="milliseconds"/>.</summary>
    public void TaskDuration(OutcomeStatus status, long milliseconds)
    {
        _duration.WithLabels(OutcomeNames.Of(status)).Observe(milliseconds / 1000.0);
        Instruments.TaskDuration(status, milliseconds);
    }

    /// <summary>A resubmitted call was attached to a worker's orphaned execution.</summary>
    public void Attached()
    {
        _attached.Inc();
        Instruments.Attached();
    }

    public void Denied(string reason)
    {
        _denied.WithLabels(reason).Inc();
        Instruments.Denied(reason);
    }

    public void Connected(PeerRole role)
    {
        var label = role.ToString().ToLowerInvariant();
        _connections.WithLabels(label).Inc();
        Instruments.Connected(label);
    }

    /// <summary>Sets the gauges from a status snapshot, just before a scrape.</summary>
    public void SetGauges(StatusReply status, int openConnections)
    {
        string[] priorities = ["low", "normal", "high"];
        for (var i = 0; i < priorities.Length; i++)
        {
            _queueDepth.WithLabels(priorities[i]).Set(status.QueueDepthByPriority.Length > i ? status.QueueDepthByPriority[i] : 0);
        }

        _queueLimit.Set(status.QueueLimit);
        _workers.Set(status.Workers.Count);
        _capacity.Set(status.Capacity);
        _inFlight.Set(status.InFlight);
        _throughput.Set(status.TasksPerSecond);
        _openConnections.Set(openConnections);
        SetPeerGauges(status.Peers);
    }

    /// <summary>One series per peer reported now; a peer no worker reports on any more is dropped.</summary>
    private void SetPeerGauges(IReadOnlyList<PeerStatus> peers)
    {
        lock (_peersGate) // two scrapes at once
        {
            var now = new HashSet<string>(peers.Select(p => p.Endpoint), StringComparer.Ordinal);
            foreach (var gone in _peers.Where(p => !now.Contains(p)).ToList())
            {
                _peerReachable.RemoveLabelled(gone);
                _peerReporting.RemoveLabelled(gone);
                _peers.Remove(gone);
            }

            foreach (var peer in peers)
            {
                _peerReachable.WithLabels(peer.Endpoint).Set(peer.ReachableBy);
                _peerReporting.WithLabels(peer.Endpoint).Set(peer.ReportedBy);
                _peers.Add(peer.Endpoint);
            }
        }
    }
}
