using System.Diagnostics;
using Argon.Bench.Measurement;

namespace Argon.Bench.Workloads;

/// <summary>
/// The manager's memory: its RSS idle (just started, and then with one client connected and nothing submitted), then with N Echo tasks
/// queued and no worker to run them, so the growth per queued task can be read; then a worker joins and every
/// queued task must come back with its own result.
/// </summary>
internal static class ManagerMemory
{
    private const int Capacity = 2;

    public static BenchCase Case(BenchOptions options)
    {
        var tasks = options.Pick(100_000, 10_000);
        return new BenchCase("memory", $"manager RSS idle, then with {tasks:N0} Echo tasks queued and no worker",
            [new("queued", tasks)],
            TimeSpan.FromSeconds(options.Pick(180, 60)),
            ct => RunAsync(tasks, ct));
    }

    private static async Task<Figures> RunAsync(int tasks, CancellationToken cancellationToken)
    {
        await using var cluster = await BenchCluster.StartAsync(workers: 0, Capacity, retry: true, cancellationToken,
            ["--queue-size", tasks.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        var manager = cluster.Cluster.Manager.Pid;
        await cluster.Client.PingAsync(cancellationToken);
        var idleMb = ProcessMemory.RssMb(manager);

        var calls = new Task<int>[tasks];
        for (var i = 0; i < tasks; i++)
        {
            calls[i] = cluster.Client.QueueAsync(new Samples.Echo(i), cancellationToken: cancellationToken);
        }

        await WaitForQueuedAsync(cluster.Client, tasks, TimeSpan.FromSeconds(60), cancellationToken);
        var queuedMb = ProcessMemory.RssMb(manager);

        cluster.Cluster.StartWorker(Capacity, [BenchCluster.SamplesPath]);
        var results = await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(120), cancellationToken);
        var wrong = results.Where((result, i) => result != i).Count();

        var figures = new Figures()
            .Add("manager_started_rss_mb", cluster.ManagerStartedRssMb)
            .Add("manager_idle_rss_mb", idleMb)
            .Add("manager_queued_rss_mb", queuedMb)
            .Add("bytes_per_queued_task", (queuedMb - idleMb) * 1024 * 1024 / tasks)
            .Add("wrong_results", wrong);
        cluster.AddProcessFigures(figures);
        return figures.Check("results_correct", wrong == 0);
    }

    /// <summary>Polls the manager's status until <paramref name="count"/> tasks wait in its queue.</summary>
    private static async Task WaitForQueuedAsync(ArgonClient client, int count, TimeSpan limit, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        while ((await client.GetStatusAsync(cancellationToken)).Queued < count)
        {
            if (watch.Elapsed > limit)
            {
                throw new TimeoutException($"fewer than {count:N0} tasks were queued after {limit.TotalSeconds:0} s");
            }

            await Task.Delay(50, cancellationToken);
        }
    }
}
