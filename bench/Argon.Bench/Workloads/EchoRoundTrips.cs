using System.Runtime.CompilerServices;
using Argon.Bench.Measurement;

namespace Argon.Bench.Workloads;

/// <summary>
/// W2: 2,000 sequential Echo round trips (submit one, await it, next) on one worker with 2 executors → p50/p99 µs.
/// As W1: after 300 untimed calls the first pass is reported as cold_p50_us / cold_p99_us, calls go on until
/// <see cref="EchoThroughput.WarmUp"/> has passed since that pass began, and the next pass is timed.
/// </summary>
internal static class EchoRoundTrips
{
    private const int Capacity = 2;

    public static BenchCase Case(BenchOptions options)
    {
        var tasks = options.Tasks ?? options.Pick(2_000, 300);
        var firstCalls = options.Pick(300, 100);
        var warmUp = options.Quick ? TimeSpan.FromSeconds(1) : EchoThroughput.WarmUp;
        return new BenchCase("W2", $"{tasks:N0} sequential Echo round trips, 1 worker x {Capacity} (timed after {warmUp.TotalSeconds:0} s of the same calls)",
            [new("tasks", tasks), new("capacity", Capacity), new("warmup", firstCalls), new("warmup_s", warmUp.TotalSeconds)],
            TimeSpan.FromSeconds(options.Pick(300, 45)),
            ct => RunAsync(tasks, firstCalls, warmUp, ct));
    }

    private static async Task<Figures> RunAsync(int tasks, int firstCalls, TimeSpan warmUp, CancellationToken cancellationToken)
    {
        await using var cluster = await BenchCluster.StartAsync(workers: 1, Capacity, retry: false, cancellationToken);
        var wrong = new StrongBox<int>();
        var echo = Load.Echo(cluster.Client, wrong, cancellationToken);
        await Load.SequentialAsync(firstCalls, echo, cancellationToken);

        var started = System.Diagnostics.Stopwatch.StartNew();
        var cold = await Load.SequentialAsync(tasks, echo, cancellationToken);
        await Load.SequentialForAsync(warmUp - started.Elapsed, echo, cancellationToken);
        var latencies = await Load.SequentialAsync(tasks, echo, cancellationToken);
        var figures = new Figures()
            .Add("p50_us", latencies.Percentile(50))
            .Add("p99_us", latencies.Percentile(99))
            .Add("p90_us", latencies.Percentile(90))
            .Add("max_us", latencies.Percentile(100))
            .Add("cold_p50_us", cold.Percentile(50))
            .Add("cold_p99_us", cold.Percentile(99))
            .Add("wrong_results", wrong.Value);
        cluster.AddProcessFigures(figures);
        return figures.Check("results_correct", wrong.Value == 0);
    }
}
