using Argon.Manager.Scheduling;
using Microsoft.Extensions.Hosting;

namespace Argon.Manager.Http;

/// <summary>One second of the cluster's recent past, as the dashboard draws it.</summary>
internal sealed record StatusSample(long Time, double Throughput, int Queued, int InFlight, int Capacity, int Workers);

/// <summary>
/// Samples the dispatcher's status once a second and keeps the last <see cref="Length"/> samples, so a dashboard
/// opened now still shows the last minutes of throughput and queue depth. Runs only when --http is on.
/// </summary>
internal sealed class StatusHistory(Dispatcher dispatcher, TimeProvider time) : BackgroundService
{
    public const int Length = 300;
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private readonly Queue<StatusSample> _samples = new(Length);
    private readonly Lock _gate = new();

    public IReadOnlyList<StatusSample> Snapshot()
    {
        lock (_gate)
        {
            return [.. _samples];
        }
    }

    /// <summary>Takes one sample now.</summary>
    public void Sample()
    {
        var status = dispatcher.Status(0, "");
        var sample = new StatusSample(time.GetUtcNow().ToUnixTimeMilliseconds(), status.TasksPerSecond,
            status.QueueDepthByPriority.Sum(), status.InFlight, status.Capacity, status.Workers.Count);
        lock (_gate)
        {
            if (_samples.Count == Length)
            {
                _samples.Dequeue();
            }

            _samples.Enqueue(sample);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            do
            {
                Sample();
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
