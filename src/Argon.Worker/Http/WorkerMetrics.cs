using Argon.Hosting;
using Argon.Protocol.Messages;
using Prometheus;

namespace Argon.Worker.Http;

/// <summary>
/// The worker's Prometheus metrics, in a registry of its own (see docs/decisions.md): task durations by outcome,
/// executor restarts by cause, and the tasks running now. Served on /metrics when the worker runs with --http.
/// </summary>
internal sealed class WorkerMetrics : IDisposable
{
    private readonly Histogram _duration;
    private readonly Counter _restarts;
    private readonly Gauge _running;
    private readonly Gauge _capacity;
    private readonly Gauge _runningPeak;

    public WorkerMetrics(int capacity)
    {
        Instruments = new WorkerInstruments(capacity);
        var factory = Metrics.WithCustomRegistry(Registry);
        _duration = factory.CreateHistogram("argon_worker_task_duration_seconds",
            "Time a task spent on this worker's executors (with a crash retry, both attempts), by outcome status.",
            new HistogramConfiguration { LabelNames = ["status"], Buckets = Histogram.ExponentialBuckets(0.0005, 2, 18) });
        _restarts = factory.CreateCounter("argon_worker_executor_restarts_total",
            "Executor processes replaced, by cause (crashed, killed, died_idle, recycled).", "cause");
        _running = factory.CreateGauge("argon_worker_tasks_running", "Tasks running on an executor now.");
        _capacity = factory.CreateGauge("argon_worker_capacity", "Executor processes this worker keeps.");
        _capacity.Set(capacity);
        factory.CreateGauge(BuildInfo.MetricName, BuildInfo.MetricHelp, BuildInfo.LabelNames).WithLabels(BuildInfo.LabelValues).Set(1);
        _runningPeak = factory.CreateGauge("argon_worker_tasks_running_peak",
            "The most tasks that ever ran on this worker's executors at once (never above the capacity, whatever the managers send).");
        foreach (var cause in (string[])["crashed", "killed", "died_idle", "recycled"])
        {
            _restarts.WithLabels(cause);
        }

        foreach (var status in Enum.GetValues<OutcomeStatus>().Where(s => s != OutcomeStatus.Revoked)) // Revoked never ends a task
        {
            _duration.WithLabels(OutcomeNames.Of(status));
        }
    }

    public CollectorRegistry Registry { get; } = Metrics.NewCustomRegistry();

    /// <summary>The same instruments on the "Argon" meter, for OpenTelemetry; moved by the hooks below.</summary>
    public WorkerInstruments Instruments { get; }

    public void Dispose() => Instruments.Dispose();

    public void TaskStarted()
    {
        _running.Inc();
        Instruments.TaskStarted();
    }

    public void TaskDuration(OutcomeStatus status, TimeSpan elapsed)
    {
        _duration.WithLabels(OutcomeNames.Of(status)).Observe(elapsed.TotalSeconds);
        Instruments.TaskDuration(status, elapsed);
    }

    public void TaskEnded()
    {
        _running.Dec();
        Instruments.TaskEnded();
    }

    /// <summary>Reads the executors' peak occupancy at each scrape (and each collection of the meter).</summary>
    public void TrackExecutorPeak(Execution.ExecutorOccupancy occupancy)
    {
        Registry.AddBeforeCollectCallback(() => _runningPeak.Set(occupancy.Peak));
        Instruments.TrackExecutorPeak(occupancy);
    }

    public void ExecutorRestarted(string cause)
    {
        _restarts.WithLabels(cause).Inc();
        Instruments.ExecutorRestarted(cause);
    }
}
