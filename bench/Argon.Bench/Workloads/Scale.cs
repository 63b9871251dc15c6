using System.Runtime.CompilerServices;
using Argon.Bench.Measurement;
using Argon.Protocol.Security;

namespace Argon.Bench.Workloads;

/// <summary>
/// W5: 1,000 simulated workers (capacity 1 each, no-op) on one real manager, against 1 simulated worker →
/// scheduling decisions/s (tasks/s with 256 in flight) and round-trip p50/p99 of sequential tasks. The
/// simulated workers and the client share this process; there is no worker process.
/// </summary>
internal static class Scale
{
    private const int ConnectConcurrency = 16;

    public static IEnumerable<BenchCase> Cases(BenchOptions options)
    {
        var tasks = options.Pick(20_000, 2_000);
        var roundTrips = options.Pick(2_000, 300);
        foreach (var workers in new[] { 1, options.Pick(1_000, 200) })
        {
            yield return new BenchCase("W5", $"{workers:N0} simulated worker(s) x 1: {tasks:N0} no-op tasks ({EchoThroughput.InFlight} in flight), {roundTrips:N0} sequential",
                [new("simulated_workers", workers), new("tasks", tasks), new("in_flight", EchoThroughput.InFlight), new("round_trips", roundTrips), new("warmup", Warmup(workers))],
                TimeSpan.FromSeconds(options.Pick(300, 60)),
                ct => RunAsync(workers, tasks, roundTrips, ct));
        }
    }

    /// <summary>Untimed calls first: JIT warm-up, and every simulated connection's first frames.</summary>
    private static int Warmup(int workers) => Math.Max(1_000, workers);

    private static async Task<Figures> RunAsync(int workers, int tasks, int roundTrips, CancellationToken cancellationToken)
    {
        await using var cluster = await BenchCluster.StartAsync(workers: 0, capacity: 1, retry: false, cancellationToken);
        var key = SharedKey.FromFile(cluster.Cluster.KeyFile);
        var fleet = new List<SimulatedWorker>(workers);
        try
        {
            var connecting = System.Diagnostics.Stopwatch.StartNew();
            using (var gate = new SemaphoreSlim(ConnectConcurrency))
            {
                var connects = Enumerable.Range(0, workers).Select(async i =>
                {
                    await gate.WaitAsync(cancellationToken);
                    try
                    {
                        var worker = await SimulatedWorker.ConnectAsync(cluster.Cluster.Port, key, $"sim-{i}", cancellationToken);
                        lock (fleet)
                        {
                            fleet.Add(worker);
                        }
                    }
                    finally
                    {
                        gate.Release();
                    }
                }).ToArray();
                await Task.WhenAll(connects);
            }

            await cluster.Cluster.WaitForWorkersAsync(cluster.Client, workers, cancellationToken);
            var connectSeconds = connecting.Elapsed.TotalSeconds;

            var wrong = new StrongBox<int>();
            var echo = Load.Echo(cluster.Client, wrong, cancellationToken);
            await Load.WindowedAsync(Warmup(workers), EchoThroughput.InFlight, echo, cancellationToken);

            var elapsed = await Load.WindowedAsync(tasks, EchoThroughput.InFlight, echo, cancellationToken);
            var latencies = await Load.SequentialAsync(roundTrips, echo, cancellationToken);
            var lost = fleet.Count(w => w.Lost is not null);
            var figures = new Figures()
                .Add("tasks_per_s", tasks / elapsed.TotalSeconds)
                .Add("p50_us", latencies.Percentile(50))
                .Add("p99_us", latencies.Percentile(99))
                .Add("workers_used", fleet.Count(w => w.Completed > 0))
                .Add("connect_s", connectSeconds)
                .Add("wrong_results", wrong.Value);
            cluster.AddProcessFigures(figures); // no worker process: worker_peak_rss_mb is null
            return figures
                .Check("results_correct", wrong.Value == 0)
                .Check("no_worker_lost", lost == 0);
        }
        finally
        {
            await Task.WhenAll(fleet.Select(w => w.DisposeAsync().AsTask()));
        }
    }
}
