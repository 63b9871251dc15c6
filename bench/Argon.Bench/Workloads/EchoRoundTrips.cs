using System.Runtime.CompilerServices;
using Argon.Bench.Measurement;

namespace Argon.Bench.Workloads;

/// <summary>W2: 2,000 sequential Echo round trips (submit one, await it, next) on one worker with 2 executors → p50/p99 µs.</summary>
internal static class EchoRoundTrips
{
    private const int Capacity = 2;

    public static BenchCase Case(BenchOptions options)
    {
        var tasks = options.Tasks ?? options.Pick(2_000, 300);
        var warmup = options.Pick(300, 100);
        return new BenchCase("W2", $"{tasks:N0} sequential Echo round trips, 1 worker x {Capacity} (after {warmup:N0} warm-up)",
            [new("tasks", tasks), new("capacity", Capacity), new("warmup", warmup)],
            TimeSpan.FromSeconds(options.Pick(300, 45)),
            ct => RunAsync(tasks, warmup, ct));
    }

    private static async Task<Figures> RunAsync(int tasks, int warmup, CancellationToken cancellationToken)
    {
        await using var cluster = await BenchCluster.StartAsync(workers: 1, Capacity, retry: false, cancellationToken);
        var wrong = new StrongBox<int>();
        var echo = Load.Echo(cluster.Client, wrong, cancellationToken);
        await Load.SequentialAsync(warmup, echo, cancellationToken);

        var latencies = await Load.SequentialAsync(tasks, echo, cancellationToken);
        var figures = new Figures()
            .Add("p50_us", latencies.Percentile(50))
            .Add("p99_us", latencies.Percentile(99))
            .Add("p90_us", latencies.Percentile(90))
            .Add("max_us", latencies.Percentile(100))
            .Add("wrong_results", wrong.Value);
        cluster.AddProcessFigures(figures);
        return figures.Check("results_correct", wrong.Value == 0);
    }
}
