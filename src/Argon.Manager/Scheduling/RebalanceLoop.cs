using Microsoft.Extensions.Hosting;

namespace Argon.Manager.Scheduling;

/// <summary>Runs <see cref="Dispatcher.Rebalance"/> every few milliseconds, so a stuck worker's prefetched tasks move soon, (<see cref="Dispatcher.ExpireShippedCodeWaits"/>) shipped code waiting for an eval worker that never comes fails in bounded time, and (<see cref="Dispatcher.EndResubmissionGraces"/>) resubmitted calls no worker named are queued.</summary>
internal sealed class RebalanceLoop(Dispatcher dispatcher) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                var now = Environment.TickCount64;
                dispatcher.Rebalance(now);
                dispatcher.ExpireShippedCodeWaits(now);
                dispatcher.EndResubmissionGraces(now);
                dispatcher.FlushFailureLog();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
