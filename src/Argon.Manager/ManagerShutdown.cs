using System.Diagnostics;
using Argon.Manager.Connections;
using Argon.Manager.Scheduling;
using Argon.Protocol.Messages;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Argon.Manager;

/// <summary>
/// On SIGINT/SIGTERM: stop accepting tasks and tell every peer, give accepted tasks the drain timeout to finish,
/// then fail what is left with a clear error and say Goodbye. Peers close their side on Goodbye; the manager keeps
/// reading until they have, so it closes no connection with their frames unread (which would reset it).
/// </summary>
internal sealed class ManagerShutdown(
    Dispatcher dispatcher, ManagerConnections connections, IOptions<ManagerOptions> options, ILogger<ManagerShutdown> logger) : IHostedLifecycleService
{
    private const string Reason = Dispatcher.ShutdownReason;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>How long peers get to close their side after Goodbye, before the host aborts what is left.</summary>
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(3);

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs before any service stops, so the listener still serves every connection while the tasks drain.</summary>
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        var drainTimeout = options.Value.DrainTimeout;
        var unfinished = dispatcher.StopAccepting();
        connections.Broadcast(new Drain { Reason = Reason });
        if (unfinished > 0)
        {
            ManagerLog.Draining(logger, (int)drainTimeout.TotalMilliseconds, unfinished);
            var watch = Stopwatch.StartNew();
            using var timer = new PeriodicTimer(PollInterval);
            try
            {
                while (dispatcher.Unfinished > 0 && watch.Elapsed < drainTimeout && await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
                {
                }
            }
            catch (OperationCanceledException)
            {
                // The host's own shutdown bound passed: fail the rest now.
            }
        }

        ManagerLog.ShuttingDown(logger, Reason);
        dispatcher.Shutdown(Reason);
        connections.SayGoodbye(Reason);
        await WaitForPeersToCloseAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task WaitForPeersToCloseAsync(CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        using var timer = new PeriodicTimer(PollInterval);
        try
        {
            while (connections.Count > 0 && watch.Elapsed < CloseTimeout && await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
            }
        }
        catch (OperationCanceledException)
        {
            // The host's own shutdown bound passed: what is still open is aborted.
        }
    }
}
