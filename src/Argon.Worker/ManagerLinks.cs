using Argon.Protocol.Security;
using Argon.Worker.Execution;
using Argon.Worker.Failover;
using Argon.Worker.Shipping;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Argon.Worker;

/// <summary>
/// The worker's links to its managers: one <see cref="ManagerLink"/> per `--manager`, each with its own reconnect
/// loop, sessions and fences, all running their tasks on the one executor pool. With several managers the executors
/// are shared (<see cref="CapacityShares"/>, computed again every <see cref="CapacityShares.Interval"/>); with one,
/// nothing is shared and the link is exactly the single link it always was. With several, each manager is also told
/// which of the others the worker reaches (<see cref="PeerReachability"/>), and a link whose manager is lost hands
/// its started tasks to the <see cref="OrphanTable"/> while another link is up. On shutdown every link drains at once.
/// </summary>
internal sealed class ManagerLinks : BackgroundService
{
    private readonly ManagerLink[] _links;
    private readonly CapacityShares? _shares;

    public ManagerLinks(
        IOptions<WorkerOptions> options, KeyRing keys, ITaskRunner runner, TaskExecution execution, ShippedCodeGate shipped, PauseWatch pauses,
        IHostApplicationLifetime lifetime, ILogger<ManagerLink> logger, CapacityShares shares, OrphanTable orphans)
    {
        var endpoints = ManagerEndpoint.Of(options.Value);
        _shares = endpoints.Count > 1 ? shares : null;
        var several = _shares is null ? null : new SeveralManagers(_shares, orphans);
        var peers = endpoints.Count > 1 ? new PeerReachability(endpoints) : null;
        _links = [.. endpoints.Select((e, i) =>
            new ManagerLink(e, options.Value, keys, runner, execution, shipped, pauses, lifetime, logger, several, peers?.For(i)))];
    }

    /// <summary>The managers this worker serves.</summary>
    public int Count => _links.Length;

    /// <summary>How many of them this worker is registered with now (read by /readyz).</summary>
    public int Registered => _links.Count(static link => link.IsRegistered);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var running = _links.Select(l => l.RunAsync(stoppingToken)).ToList();
        if (_shares is not null)
        {
            running.Add(ShareAsync(_shares, stoppingToken));
        }

        await Task.WhenAll(running).ConfigureAwait(false);
    }

    /// <summary>Drains every link at once (each within the drain timeout), then stops them.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(_links.Select(l => l.DrainAsync(cancellationToken))).ConfigureAwait(false);
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task ShareAsync(CapacityShares shares, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(CapacityShares.Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                shares.Tick();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The worker is stopping.
        }
    }
}
