using System.Globalization;
using Argon.Cli.Processes;

namespace Argon.MultiHostTests.Network;

/// <summary>
/// Latency on a kernel without netem: the Argon.LinkDelay program running in the host, bound to its nfnetlink queue 0,
/// and a rule (`iptables -A OUTPUT -o eth0 -j NFQUEUE --queue-num 0 --queue-bypass`) that hands it every packet the
/// host sends on eth0; it drops each with the loss probability, holds the others for delay ± uniform jitter and
/// then accepts them. The rule goes in only once the
/// program has bound the queue, and comes out before it stops; --queue-bypass lets packets through, undelayed,
/// whenever no program is bound (a delayer that died shows as its exit, checked by <see cref="StopAsync"/>).
/// </summary>
internal sealed class LinkDelayer : IAsyncDisposable
{
    public const string Program = "Argon.LinkDelay.dll";
    private const string Queue = "0";
    private readonly VirtualHost _host;
    private readonly ArgonProcess _process;
    private bool _ruleIn;

    private LinkDelayer(VirtualHost host, ArgonProcess process)
    {
        _host = host;
        _process = process;
    }

    /// <summary>Starts the program in <paramref name="host"/>; call <see cref="AttachAsync"/> before packets are delayed.</summary>
    public static LinkDelayer Start(VirtualHost host, TimeSpan delay, TimeSpan jitter, double lossPercent)
    {
        static string Whole(double value) => ((long)Math.Round(value)).ToString(CultureInfo.InvariantCulture);
        var (fileName, arguments) = HostProgram.Command(host, Program,
            ["delay", "--delay-us", Whole(delay.TotalMicroseconds), "--jitter-us", Whole(jitter.TotalMicroseconds),
             "--loss-ppm", Whole(lossPercent * 10_000), "--queue", Queue]);
        return new LinkDelayer(host, ArgonProcess.StartCommand($"link delayer on {host.Name}", fileName, arguments));
    }

    /// <summary>Waits until the program has bound the queue, then puts the rule in: from then on eth0's packets are delayed.</summary>
    public async Task AttachAsync(TimeSpan within, CancellationToken cancellationToken = default)
    {
        _ = await _process.WaitForLineAsync(l => l.StartsWith("linkdelay bound queue", StringComparison.Ordinal), within, cancellationToken);
        NetworkCommand.In(_host.Namespace, NetworkSupport.QueueRuleTool, ["-A", .. Rule()]);
        _ruleIn = true;
    }

    /// <summary>The program's latest report (it prints one each second something changed), or none yet.</summary>
    public LinkDelayStats Stats =>
        _process.Lines.LastOrDefault(l => l.StartsWith("linkdelay stats ", StringComparison.Ordinal) || l.StartsWith("linkdelay done ", StringComparison.Ordinal))
            is { } line ? LinkDelayStats.Parse(line) : LinkDelayStats.None;

    /// <summary>Takes the rule out, stops the program (SIGTERM: it accepts what it holds) and returns its final report.</summary>
    /// <exception cref="InvalidOperationException">The program had exited before it was asked to stop.</exception>
    public async Task<LinkDelayStats> StopAsync(CancellationToken cancellationToken = default)
    {
        var diedEarly = _process.HasExited;
        RemoveRule();
        if (diedEarly)
        {
            throw new InvalidOperationException($"{_process.Name} exited before it was stopped:\n{string.Join('\n', _process.Lines)}");
        }

        _process.Terminate();
        var done = await _process.WaitForLineAsync(l => l.StartsWith("linkdelay done ", StringComparison.Ordinal), TimeSpan.FromSeconds(10), cancellationToken);
        return LinkDelayStats.Parse(done);
    }

    public async ValueTask DisposeAsync()
    {
        RemoveRule();
        await _process.DisposeAsync();
    }

    private void RemoveRule()
    {
        if (_ruleIn)
        {
            _ = NetworkCommand.TryRun("ip", ["netns", "exec", _host.Namespace, NetworkSupport.QueueRuleTool, "-D", .. Rule()]);
            _ruleIn = false;
        }
    }

    private static string[] Rule() => ["OUTPUT", "-o", VirtualHost.Interface, "-j", "NFQUEUE", "--queue-num", Queue, "--queue-bypass"];
}
