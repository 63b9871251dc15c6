using System.Runtime.CompilerServices;
using Argon.Bench.Measurement;

namespace Argon.Bench.Workloads;

/// <summary>W1: 20,000 Echo tasks, one client keeping up to 256 in flight, one worker with 2 executors → tasks/s.</summary>
internal static class EchoThroughput
{
    public const int InFlight = 256;
    private const int Capacity = 2;

    public static BenchCase Case(BenchOptions options)
    {
        var tasks = options.Tasks ?? options.Pick(20_000, 2_000);

        // Untimed warm-up calls first, so the figure is the steady state and not the JIT compiler.
        const int Warmup = 1_000;
        return new BenchCase("W1", $"{tasks:N0} x Echo(i), {InFlight} in flight, 1 worker x {Capacity} (after {Warmup:N0} warm-up)",
            [new("tasks", tasks), new("in_flight", InFlight), new("capacity", Capacity), new("warmup", Warmup)],
            TimeSpan.FromSeconds(options.Pick(300, 45)),
            ct => RunAsync(tasks, Warmup, ct));
    }

    private static async Task<Figures> RunAsync(int tasks, int warmup, CancellationToken cancellationToken)
    {
        await using var cluster = await BenchCluster.StartAsync(workers: 1, Capacity, retry: false, cancellationToken);
        var wrong = new StrongBox<int>();
        var echo = Load.Echo(cluster.Client, wrong, cancellationToken);
        await Load.WindowedAsync(warmup, InFlight, echo, cancellationToken);

        var elapsed = await Load.WindowedAsync(tasks, InFlight, echo, cancellationToken);
        var figures = new Figures()
            .Add("tasks_per_s", tasks / elapsed.TotalSeconds)
            .Add("seconds", elapsed.TotalSeconds)
            .Add("wrong_results", wrong.Value);
        cluster.AddProcessFigures(figures);
        return figures.Check("results_correct", wrong.Value == 0);
    }
}
