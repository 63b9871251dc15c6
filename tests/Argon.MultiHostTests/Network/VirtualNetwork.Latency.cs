using System.Globalization;

namespace Argon.MultiHostTests.Network;

/// <summary>
/// Latency, jitter and loss on what a host sends: `tc netem` where the kernel has it, otherwise a
/// <see cref="LinkDelayer"/> per host (an NFQUEUE rule and the Argon.LinkDelay program).
/// </summary>
internal sealed partial class VirtualNetwork
{
    private static readonly TimeSpan DelayerStartup = TimeSpan.FromSeconds(30);
    private readonly Dictionary<string, LinkDelayer> _delayers = [];
    private readonly Dictionary<string, LinkDelayStats> _finishedDelays = [];

    /// <summary>
    /// Every packet the host sends on eth0 waits <paramref name="delay"/> ± <paramref name="jitter"/> (uniform) and is
    /// lost with probability <paramref name="lossPercent"/> %. Replaces what was set before.
    /// </summary>
    public Task ImpairAsync(VirtualHost host, TimeSpan delay, TimeSpan jitter, double lossPercent, CancellationToken cancellationToken = default) =>
        ImpairHostsAsync([host], delay, jitter, lossPercent, cancellationToken);

    /// <summary>Sets <see cref="ImpairAsync"/> on every host (the delayers start together).</summary>
    public Task ImpairAllAsync(TimeSpan delay, TimeSpan jitter, double lossPercent, CancellationToken cancellationToken = default) =>
        ImpairHostsAsync(_hosts, delay, jitter, lossPercent, cancellationToken);

    /// <summary>Removes the host's netem or stops its delayer (keeping its final report for <see cref="DelayStats"/>).</summary>
    public async Task ClearImpairmentAsync(VirtualHost host, CancellationToken cancellationToken = default)
    {
        if (NetworkSupport.HasNetem)
        {
            _ = NetworkCommand.TryRun("ip", "netns", "exec", host.Namespace, "tc", "qdisc", "del", "dev", VirtualHost.Interface, "root");
        }

        if (_delayers.Remove(host.Name, out var delayer))
        {
            await using (delayer)
            {
                _finishedDelays[host.Name] = await delayer.StopAsync(cancellationToken);
            }
        }
    }

    /// <summary>
    /// What the host's link delayer has reported: its latest report while it runs, its final one once cleared;
    /// <see cref="LinkDelayStats.None"/> where netem does the delaying or nothing was set.
    /// </summary>
    public LinkDelayStats DelayStats(VirtualHost host) =>
        _delayers.TryGetValue(host.Name, out var delayer) ? delayer.Stats : _finishedDelays.GetValueOrDefault(host.Name, LinkDelayStats.None);

    private async Task ImpairHostsAsync(IReadOnlyList<VirtualHost> hosts, TimeSpan delay, TimeSpan jitter, double lossPercent, CancellationToken cancellationToken)
    {
        if (NetworkSupport.HasNetem)
        {
            foreach (var host in hosts)
            {
                NetworkCommand.In(host.Namespace, "tc", "qdisc", "replace", "dev", VirtualHost.Interface, "root", "netem",
                    "delay", Microseconds(delay), Microseconds(jitter), "loss", lossPercent.ToString("0.###", CultureInfo.InvariantCulture) + "%");
            }

            return;
        }

        foreach (var host in hosts)
        {
            await ClearImpairmentAsync(host, cancellationToken);
            _delayers[host.Name] = LinkDelayer.Start(host, delay, jitter, lossPercent);
        }

        await Task.WhenAll(hosts.Select(h => _delayers[h.Name].AttachAsync(DelayerStartup, cancellationToken)));
    }

    /// <summary>Stops every delayer still running (from <see cref="Dispose"/>, before the namespaces go).</summary>
    private void StopDelayers()
    {
        var delayers = _delayers.Values.ToList();
        _delayers.Clear();
        // Off the caller's synchronization context: Dispose is synchronous, the processes' disposal is not.
        Task.Run(() => Task.WhenAll(delayers.Select(d => d.DisposeAsync().AsTask()))).GetAwaiter().GetResult();
    }

    private static string Microseconds(TimeSpan span) =>
        ((long)span.TotalMicroseconds).ToString(CultureInfo.InvariantCulture) + "us";
}
