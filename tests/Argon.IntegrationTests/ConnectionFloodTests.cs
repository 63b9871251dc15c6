using System.Diagnostics;
using System.Globalization;
using System.Net;
using Argon.Hosting;
using Argon.IntegrationTests.Infrastructure;
using Argon.Samples;
using Xunit.Abstractions;

namespace Argon.IntegrationTests;

/// <summary>
/// Connections that never authenticate cost the manager a bounded number of sockets, and a client that holds the
/// key keeps working while they come (docs/operations.md, "Connection limits").
/// </summary>
public sealed class ConnectionFloodTests(ITestOutputHelper output)
{
    // The TLS connections come first, 100 from each address: past the 64 unauthenticated per address, so 320
    // finish TLS at once. The silent ones then fill the rest of the 512 in all, and the total refuses the others.
    private const int TlsConnections = 500;
    private const int TlsAddresses = 5;
    private const int SilentConnections = 2000;
    private const int SilentAddresses = 25;
    private const int Concurrency = 16;

    private static readonly TimeSpan QuietWindow = TimeSpan.FromSeconds(5);

    // Longer than the handshake deadline, so the manager closes the unproven connections once and they come back.
    private static readonly TimeSpan AttackWindow = TimeSpan.FromSeconds(12);

    [Fact]
    public async Task SilentAndUnprovenTlsConnections_LeaveARealClientAtHalfItsQuietRate_AndTheManagersSocketsBounded()
    {
        await using var cluster = await TestCluster.StartAsync(workers: 1, capacity: 2);
        var manager = cluster.Manager.Pid;
        var limits = ConnectionLimits.Default;
        await RunTasksAsync(cluster.Client, TimeSpan.FromSeconds(2)); // JIT and executor warm-up
        var before = Figures(manager);
        var quiet = await RunTasksAsync(cluster.Client, QuietWindow);
        output.WriteLine($"quiet: {quiet:0} tasks/s; manager {before}");

        var from = cluster.Manager.Lines.Count;
        var files = new List<int>();
        double attacked;
        Figures during;
        var flood = new ConnectionFlood(cluster.Cluster.Port);
        try
        {
            for (var i = 0; i < TlsAddresses; i++)
            {
                flood.StartTls(Source(2 + i), TlsConnections / TlsAddresses);
            }

            var tlsAtOnce = Math.Min(TlsConnections, TlsAddresses * limits.MaxUnauthenticatedPerAddress);
            await WaitForAsync(() => flood.TlsDone >= tlsAtOnce * 9 / 10, $"the attacker finished TLS {tlsAtOnce * 9 / 10} times ({flood})");
            for (var i = 0; i < SilentAddresses; i++)
            {
                flood.StartSilent(Source(2 + TlsAddresses + i), SilentConnections / SilentAddresses);
            }

            await WaitForAsync(() => flood.Connected >= TlsConnections + SilentConnections, $"every attacking slot connected ({flood})");
            during = Figures(manager);
            output.WriteLine($"attack under way: {flood}; manager {during}");

            using var sampling = new CancellationTokenSource();
            var sampler = SampleOpenFilesAsync(manager, files.Add, sampling.Token);
            attacked = await RunTasksAsync(cluster.Client, AttackWindow);
            await sampling.CancelAsync();
            await sampler;
            during = Figures(manager);
            output.WriteLine($"under attack: {attacked:0} tasks/s ({attacked / quiet:P0} of quiet); attacker {flood}; manager {during}; " +
                $"open fds sampled every 100 ms: median {Median(files)}, peak {files.DefaultIfEmpty().Max()}");
        }
        finally
        {
            await flood.DisposeAsync();
        }

        var after = await WaitForFilesAsync(manager, before.Files + 16);
        output.WriteLine($"after: manager {after}");
        var refusals = cluster.Manager.Lines.Skip(from).Where(l => l.Contains("Refused", StringComparison.Ordinal)).ToList();
        output.WriteLine($"manager log: {refusals.Count} refusal lines, e.g.\n{string.Join('\n', refusals.Where(l => l.Contains("in the last", StringComparison.Ordinal)).Take(3))}");

        Assert.True(attacked >= 0.5 * quiet, $"under attack the client ran {attacked:0} tasks/s, less than half of {quiet:0} when quiet");
        // The median, since refused connections hold a descriptor for the moment between accept and close.
        Assert.True(Median(files) <= before.Files + limits.MaxUnauthenticated + 128,
            $"the manager held a median of {Median(files)} descriptors under attack, {before.Files} before; the unauthenticated limit is {limits.MaxUnauthenticated}");
        Assert.Contains(refusals, l => l.Contains("unauthenticated per address", StringComparison.Ordinal));
        Assert.Contains(refusals, l => l.Contains("unauthenticated in all", StringComparison.Ordinal));
        Assert.Equal(3, await cluster.Client.QueueAsync(new Add(1, 2)).WaitAsync(Limits.Call));
    }

    private static IPAddress Source(int last) => IPAddress.Parse(string.Create(CultureInfo.InvariantCulture, $"127.0.0.{last}"));

    /// <summary>Tiny tasks from <see cref="Concurrency"/> loops for <paramref name="window"/>; returns tasks per second.</summary>
    private static async Task<double> RunTasksAsync(ArgonClient client, TimeSpan window)
    {
        var done = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async loop =>
        {
            for (var i = 0; watch.Elapsed < window; i++)
            {
                Assert.Equal(loop + i, await client.QueueAsync(new Add(loop, i)).WaitAsync(Limits.Call));
                Interlocked.Increment(ref done);
            }
        }));
        return done / watch.Elapsed.TotalSeconds;
    }

    private static int Median(List<int> values) => values.Count == 0 ? 0 : values.Order().ElementAt(values.Count / 2);

    private static async Task SampleOpenFilesAsync(int pid, Action<int> seen, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            seen(OpenFiles.Of(pid) ?? 0);
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > Limits.Startup)
            {
                throw new TimeoutException($"Not within {Limits.Startup.TotalSeconds:0} s: {what}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    private static async Task<Figures> WaitForFilesAsync(int pid, int most)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var figures = Figures(pid);
            if (figures.Files <= most)
            {
                return figures;
            }

            if (watch.Elapsed > Limits.Call)
            {
                throw new TimeoutException($"The manager still holds {figures.Files} descriptors {Limits.Call.TotalSeconds:0} s after the attack, more than {most}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }

    private static Figures Figures(int pid) => new((ResidentMemory.Of(pid) ?? 0) / (1024 * 1024), OpenFiles.Of(pid) ?? 0);
}

internal readonly record struct Figures(long ResidentMegabytes, int Files)
{
    public override string ToString() => $"RSS {ResidentMegabytes} MB, {Files} open fds";
}
