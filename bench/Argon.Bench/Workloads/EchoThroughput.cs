using System.Runtime.CompilerServices;
using Argon.Bench.Measurement;

namespace Argon.Bench.Workloads;

/// <summary>
/// W1: 20,000 Echo tasks, one client keeping up to 256 in flight, one worker with 2 executors → tasks/s. Each run
/// starts a fresh cluster: after 1,000 untimed calls, its first pass of the workload is reported as
/// cold_tasks_per_s; the load then goes on until <see cref="WarmUp"/> has passed since that pass began, and the
/// next pass, once the processes have compiled their hot paths, is tasks_per_s (as W3 does).
/// </summary>
internal static class EchoThroughput
{
    public const int InFlight = 256;
    private const int Capacity = 2;

    /// <summary>
    /// How long the cluster runs the workload before the timed pass: the manager, worker and client recompile their
    /// hot paths at tier 1 (with dynamic PGO) for several seconds after start on 2 cores.
    /// </summary>
    public static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);

    public static BenchCase Case(BenchOptions options)
    {
        var tasks = options.Tasks ?? options.Pick(20_000, 2_000);
        var warmUp = options.Quick ? TimeSpan.FromSeconds(1) : WarmUp;

        // Untimed calls first, so even the cold pass is not the first call's connection set-up and JIT.
        const int FirstCalls = 1_000;
        return new BenchCase("W1", $"{tasks:N0} x Echo(i), {InFlight} in flight, 1 worker x {Capacity} (timed after {warmUp.TotalSeconds:0} s of the same load)",
            [new("tasks", tasks), new("in_flight", InFlight), new("capacity", Capacity), new("warmup", FirstCalls), new("warmup_s", warmUp.TotalSeconds)],
            TimeSpan.FromSeconds(options.Pick(300, 45)),
            ct => RunAsync(tasks, FirstCalls, warmUp, ct));
    }

    private static async Task<Figures> RunAsync(int tasks, int firstCalls, TimeSpan warmUp, CancellationToken cancellationToken)
    {
        await using var cluster = await BenchCluster.StartAsync(workers: 1, Capacity, retry: false, cancellationToken);
        var wrong = new StrongBox<int>();
        var echo = Load.Echo(cluster.Client, wrong, cancellationToken);
        await Load.WindowedAsync(firstCalls, InFlight, echo, cancellationToken);

        var coldElapsed = await Load.WindowedAsync(tasks, InFlight, echo, cancellationToken);
        await Load.WindowedForAsync(warmUp - coldElapsed, InFlight, echo, cancellationToken);
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var elapsed = await Load.WindowedAsync(tasks, InFlight, echo, cancellationToken);
        var clientBytesPerTask = (GC.GetTotalAllocatedBytes() - allocatedBefore) / (double)tasks;
        var figures = new Figures()
            .Add("tasks_per_s", tasks / elapsed.TotalSeconds)
            .Add("client_bytes_per_task", clientBytesPerTask)
            .Add("cold_tasks_per_s", tasks / coldElapsed.TotalSeconds)
            .Add("seconds", elapsed.TotalSeconds)
            .Add("wrong_results", wrong.Value);
        cluster.AddProcessFigures(figures);
        return figures.Check("results_correct", wrong.Value == 0);
    }
}
