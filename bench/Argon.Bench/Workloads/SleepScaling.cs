using Argon.Bench.Measurement;
using Argon.Samples;

namespace Argon.Bench.Workloads;

/// <summary>
/// W3: 800 Sleep(20) tasks on 1, 2 and 4 workers of 4 executors, enough in flight to fill them → tasks/s and
/// efficiency = measured / (workers × 4 × 50/s). Each run starts a fresh cluster: its first pass of the workload
/// is reported as cold_efficiency; the load then goes on until <see cref="WarmUp"/> has passed since that pass
/// began, and the next pass, once the processes have compiled their hot paths, is the efficiency (as W1 and W2
/// time only after a warm-up).
/// </summary>
internal static class SleepScaling
{
    public const int Capacity = 4;
    public const int SleepMs = 20;

    /// <summary>
    /// How long the cluster runs the workload before the timed pass. Each of 4 workers JITs its hot paths (tier 0,
    /// then instrumented and tier-1 recompiles) on cores it shares with 21 other processes: read with
    /// dotnet-counters, one worker compiled 450–650 methods every 2 s, at 1.2–1.4 s of JIT time each 2 s, for the
    /// first 10 s, and under 70 after. Timed at 4 s, the pass measured that JIT (0.87–0.93 on a slow day).
    /// </summary>
    public static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(12);

    public static IEnumerable<BenchCase> Cases(BenchOptions options)
    {
        var tasks = options.Tasks ?? options.Pick(800, 200);
        var warmUp = options.Quick ? TimeSpan.FromSeconds(1) : WarmUp;
        foreach (var workers in new[] { 1, 2, 4 })
        {
            // Twice the executors: every executor busy, its prefetched next task waiting, and a little queue.
            var inFlight = 2 * workers * Capacity;
            yield return new BenchCase("W3", $"{tasks:N0} x Sleep({SleepMs}), {inFlight} in flight, {workers} worker(s) x {Capacity}",
                [new("workers", workers), new("tasks", tasks), new("in_flight", inFlight), new("capacity", Capacity), new("warmup_s", warmUp.TotalSeconds)],
                TimeSpan.FromSeconds(options.Pick(120, 40)),
                ct => RunAsync(workers, tasks, inFlight, warmUp, ct));
        }
    }

    private static async Task<Figures> RunAsync(int workers, int tasks, int inFlight, TimeSpan warmUp, CancellationToken cancellationToken)
    {
        await using var cluster = await BenchCluster.StartAsync(workers, Capacity, retry: false, cancellationToken);
        var wrong = 0;
        Task Sleep(int i) => SleepOnceAsync(cluster.Client, () => Interlocked.Increment(ref wrong), cancellationToken);
        await Load.WindowedAsync(inFlight, inFlight, Sleep, cancellationToken);

        var ideal = workers * Capacity * (1000.0 / SleepMs);
        var coldElapsed = await Load.WindowedAsync(tasks, inFlight, Sleep, cancellationToken);
        await Load.WindowedForAsync(warmUp - coldElapsed, inFlight, Sleep, cancellationToken);
        var cold = tasks / coldElapsed.TotalSeconds;
        var measured = tasks / (await Load.WindowedAsync(tasks, inFlight, Sleep, cancellationToken)).TotalSeconds;
        var figures = new Figures()
            .Add("tasks_per_s", measured)
            .Add("ideal_tasks_per_s", ideal)
            .Add("efficiency", measured / ideal)
            .Add("cold_efficiency", cold / ideal)
            .Add("wrong_results", wrong);
        cluster.AddProcessFigures(figures);
        return figures.Check("results_correct", wrong == 0);
    }

    private static async Task SleepOnceAsync(ArgonClient client, Action wrong, CancellationToken cancellationToken)
    {
        if (await client.QueueAsync(new Sleep(SleepMs), cancellationToken: cancellationToken) != SleepMs)
        {
            wrong();
        }
    }
}
