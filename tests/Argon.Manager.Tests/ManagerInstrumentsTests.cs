using System.Diagnostics.Metrics;
using Argon.Manager.Http;
using Argon.Protocol.Messages;

namespace Argon.Manager.Tests;

/// <summary>The "Argon" meter moves with the same hooks as the Prometheus metrics, and has an instrument for each of them.</summary>
[Collection(nameof(ArgonSourceCollection))]
public sealed class ManagerInstrumentsTests
{
    [Fact]
    public void Hooks_MoveTheMetersInstruments_WithTheirLabels()
    {
        using var metrics = new ManagerMetrics();
        var seen = new List<(string Name, double Value, string? Label)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, metrics.Instruments.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        listener.Start();

        metrics.Submitted();
        metrics.Outcome(new TaskOutcome { Status = OutcomeStatus.Faulted }, "T");
        metrics.TaskDuration(OutcomeStatus.Faulted, 1500);
        metrics.Denied("queue_full");
        metrics.Instruments.ObserveFrom(() => (new StatusReply { QueueLimit = 7, Capacity = 3, InFlight = 2 }, 5));
        listener.RecordObservableInstruments();

        Assert.Contains(("argon.manager.tasks.submitted", 1, null), seen);
        Assert.Contains(("argon.manager.tasks.outcomes", 1, "faulted"), seen);
        Assert.Contains(("argon.manager.task.duration", 1.5, "faulted"), seen);
        Assert.Contains(("argon.manager.tasks.denied", 1, "queue_full"), seen);
        Assert.Contains(("argon.manager.queue.limit", 7, null), seen);
        Assert.Contains(("argon.manager.capacity", 3, null), seen);
        Assert.Contains(("argon.manager.in_flight", 2, null), seen);
        Assert.Contains(("argon.manager.connections.open", 5, null), seen);
        Assert.Contains(("argon.manager.queue.depth", 0, "normal"), seen);

        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            lock (seen)
            {
                seen.Add((instrument.Name, value, tags.Length > 0 ? tags[0].Value as string : null));
            }
        }
    }

    [Fact]
    public void EveryPrometheusMetric_HasAnInstrumentOnTheMeter()
    {
        using var metrics = new ManagerMetrics();
        var names = new List<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, _) =>
        {
            if (ReferenceEquals(instrument.Meter, metrics.Instruments.Meter))
            {
                names.Add(instrument.Name);
            }
        };
        listener.Start();

        string[] prometheus =
        [
            "argon_manager_tasks_submitted_total", "argon_manager_tasks_outcomes_total", "argon_manager_tasks_denied_total",
            "argon_manager_connections_total", "argon_manager_calls_attached_total", "argon_manager_task_duration_seconds",
            "argon_manager_queue_depth", "argon_manager_queue_limit", "argon_manager_workers", "argon_manager_capacity", "argon_manager_in_flight",
            "argon_manager_throughput_tasks_per_second", "argon_manager_connections_open", "argon_manager_peer_reachable_workers",
            "argon_manager_peer_reporting_workers",
        ];
        Assert.Equal(prometheus.Length, names.Count);
        Assert.Equal(names.Count, names.Distinct().Count());
    }
}
