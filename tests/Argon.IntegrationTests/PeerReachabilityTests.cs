using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Argon.Cli.Processes;
using Argon.IntegrationTests.Infrastructure;

namespace Argon.IntegrationTests;

/// <summary>
/// Issue 18: the managers of a redundant cluster never talk to each other, yet each shows its peers' reachability as
/// its workers report it (PeerReport). Two real managers on loopback, two real workers given both; manager A's
/// /api/status, /metrics and `argon status` show B reached by 2 of 2 workers, and, once B is killed, by 0 of 2.
/// </summary>
public sealed class PeerReachabilityTests
{
    [Fact]
    public async Task ManagersShowEachOther_ReachedByBothWorkers_AndAKilledPeer_ReachedByNone()
    {
        await using var a = await RestartableManager.StartAsync(["--http", "127.0.0.1:0"]);
        await using var b = await RestartableManager.StartAsync(keyFile: a.KeyFile);
        var url = await HttpScrape.UrlAsync(a.Process, "manager");
        var endpointA = $"127.0.0.1:{a.Port}";
        var endpointB = $"127.0.0.1:{b.Port}";
        await using var worker1 = StartWorker("worker 1 of A and B", endpointA, endpointB, a.KeyFile);
        await using var worker2 = StartWorker("worker 2 of A and B", endpointA, endpointB, a.KeyFile);

        var peer = await PeerOfAsync(url, endpointB, p => p.ReachableBy == 2 && p.ReportedBy == 2, "A shows B reached by 2 of 2 workers", Limits.Startup);
        Assert.Equal("all", peer.State);
        await using (var clientB = await ArgonClient.ConnectAsync(b.ClientOptions()))
        {
            var status = await Eventually.StatusAsync(clientB, s => s.Peers.Any(p => p.Endpoint == endpointA && p.ReachableBy == 2),
                "B shows A reached by 2 of 2 workers");
            Assert.Equal(2, Assert.Single(status.Peers).ReportedBy);
        }

        var metrics = await HttpScrape.MetricsAsync(url);
        Assert.Equal("gauge", metrics.TypesByFamily["argon_manager_peer_reachable_workers"]);
        Assert.Equal(2, metrics.Value("argon_manager_peer_reachable_workers", ("peer", endpointB)));
        Assert.Equal(2, metrics.Value("argon_manager_peer_reporting_workers", ("peer", endpointB)));

        await b.KillAsync();

        peer = await PeerOfAsync(url, endpointB, p => p.ReachableBy == 0, "A shows B reached by 0 of 2 workers once B is killed", Limits.Reaction);
        Assert.Equal(2, peer.ReportedBy);
        Assert.Equal("none", peer.State);
        Assert.InRange(peer.SinceChangeSeconds, 0, Limits.Reaction.TotalSeconds);
        Assert.Equal(0, (await HttpScrape.MetricsAsync(url)).Value("argon_manager_peer_reachable_workers", ("peer", endpointB)));

        // `argon status` shows the peer too: in its table and in --json.
        var (exitCode, lines) = await CommandRun.RunAsync(["status", "--manager", endpointA, "--key", a.KeyFile]);
        var table = string.Join('\n', lines);
        Assert.True(exitCode == 0, table);
        Assert.Contains(lines, l => l.Contains(endpointB, StringComparison.Ordinal) && l.Contains("0 of 2 workers", StringComparison.Ordinal)
            && l.Contains("none reach it", StringComparison.Ordinal));
        (exitCode, lines) = await CommandRun.RunAsync([.. a.StatusArguments()]);
        var text = string.Join('\n', lines);
        Assert.True(exitCode == 0, text);
        using var json = JsonDocument.Parse(text[text.IndexOf('{', StringComparison.Ordinal)..]);
        var listed = Assert.Single(json.RootElement.GetProperty("peers").EnumerateArray().ToArray());
        Assert.Equal(endpointB, listed.GetProperty("endpoint").GetString());
        Assert.Equal(0, listed.GetProperty("reachableBy").GetInt32());
        Assert.Equal(2, listed.GetProperty("reportedBy").GetInt32());
    }

    [Fact]
    public async Task Manager_WhoseWorkersServeOnlyIt_ListsNoPeers()
    {
        await using var manager = await RestartableManager.StartAsync(["--http", "127.0.0.1:0"]);
        var url = await HttpScrape.UrlAsync(manager.Process, "manager");
        await using var worker = ArgonProcess.Start("worker of one manager", manager.WorkerArguments(1));
        await using var client = await ArgonClient.ConnectAsync(manager.ClientOptions());

        var status = await Eventually.StatusAsync(client, s => s.Workers.Count == 1, "the worker registers", Limits.Startup);

        Assert.Empty(status.Peers);
        var (_, _, body) = await HttpScrape.GetAsync(url, "api/status");
        using var json = JsonDocument.Parse(body);
        Assert.Empty(json.RootElement.GetProperty("peers").EnumerateArray());
    }

    private static ArgonProcess StartWorker(string name, string endpointA, string endpointB, string keyFile) => ArgonProcess.Start(name,
    [
        "worker", "--manager", $"{endpointA},{endpointB}", "--capacity", "1", "--key", keyFile, "--load", TaskLibrary.AssemblyPath,
    ]);

    /// <summary>Reads /api/status until it lists <paramref name="endpoint"/> as a peer meeting <paramref name="condition"/>, with a deadline.</summary>
    private static async Task<Peer> PeerOfAsync(Uri url, string endpoint, Func<Peer, bool> condition, string what, TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var (_, _, body) = await HttpScrape.GetAsync(url, "api/status");
            var peers = Peers(body);
            if (peers.FirstOrDefault(p => p.Endpoint == endpoint) is { } peer && condition(peer))
            {
                return peer;
            }

            if (watch.Elapsed > limit)
            {
                throw new TimeoutException($"Not within {limit.TotalSeconds:0.#} s: {what}. Last peers: [{string.Join(", ", peers)}]");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    private static List<Peer> Peers(string body)
    {
        using var json = JsonDocument.Parse(body);
        return [.. json.RootElement.GetProperty("peers").EnumerateArray().Select(p => new Peer(
            p.GetProperty("endpoint").GetString() ?? "", p.GetProperty("reachableBy").GetInt32(), p.GetProperty("reportedBy").GetInt32(),
            p.GetProperty("state").GetString() ?? "", p.GetProperty("sinceChangeSeconds").GetDouble()))];
    }

    private sealed record Peer(string Endpoint, int ReachableBy, int ReportedBy, string State, double SinceChangeSeconds)
    {
        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"{Endpoint}: {ReachableBy} of {ReportedBy} ({State}, {SinceChangeSeconds:0.0} s)");
    }
}
