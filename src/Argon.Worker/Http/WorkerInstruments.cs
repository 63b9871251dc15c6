using System.Diagnostics.Metrics;
using Argon.Protocol.Diagnostics;
using Argon.Protocol.Messages;

namespace Argon.Worker.Http;

/// <summary>
/// The worker's instruments on the "Argon" <see cref="Meter"/>: the same as its Prometheus metrics
/// (<see cref="WorkerMetrics"/>), with OpenTelemetry names, moved by the same hooks.
/// </summary>
internal sealed class WorkerInstruments : IDisposable
{
    private readonly Meter _meter = new(ArgonActivity.Name, typeof(WorkerInstruments).Assembly.GetName().Version?.ToString());
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _restarts;
    private readonly UpDownCounter<long> _running;
    private Execution.ExecutorOccupancy? _occupancy;

    public WorkerInstruments(int capacity)
    {
        _duration = _meter.CreateHistogram<double>("argon.worker.task.duration", "s",
            "Time a task spent on this worker's executors (with a crash retry, both attempts), by outcome status.");
        _restarts = _meter.CreateCounter<long>("argon.worker.executor.restarts", "{process}",
            "Executor processes replaced, by cause (crashed, killed, died_idle, recycled).");
        _running = _meter.CreateUpDownCounter<long>("argon.worker.tasks.running", "{task}", "Tasks running on an executor now.");
        _meter.CreateObservableGauge("argon.worker.capacity", () => capacity, "{process}", "Executor processes this worker keeps.");
        _meter.CreateObservableGauge("argon.worker.tasks.running_peak", () => _occupancy is { } o ? [new Measurement<int>(o.Peak)] : Array.Empty<Measurement<int>>(),
            "{task}", "The most tasks that ever ran on this worker's executors at once.");
    }

    public void TaskStarted() => _running.Add(1);

    public void TaskDuration(OutcomeStatus status, TimeSpan elapsed)
    {
        if (_duration.Enabled)
        {
            _duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("status", OutcomeNames.Of(status)));
        }
    }

    public void TaskEnded() => _running.Add(-1);

    public void TrackExecutorPeak(Execution.ExecutorOccupancy occupancy) => _occupancy = occupancy;

    public void ExecutorRestarted(string cause) => _restarts.Add(1, new KeyValuePair<string, object?>("cause", cause));

    public void Dispose() => _meter.Dispose();
}
