using Argon.Bench.Measurement;
using Argon.Cli.Processes;

namespace Argon.Bench.Workloads;

/// <summary>
/// A fresh cluster for one run: a real `argon manager`, real `argon worker` processes loading the samples, and a
/// connected client. A fresh one per run keeps each run's peak RSS its own. Disposing stops every process.
/// </summary>
internal sealed class BenchCluster : IAsyncDisposable
{
    private bool _reported;

    private BenchCluster(LocalCluster cluster, ArgonClient client)
    {
        Cluster = cluster;
        Client = client;
    }

    /// <summary>The task library the workers load; it is copied next to this assembly.</summary>
    public static string SamplesPath { get; } = Path.Combine(AppContext.BaseDirectory, "Argon.Samples.dll");

    public LocalCluster Cluster { get; }

    public ArgonClient Client { get; }

    /// <summary>The manager's RSS (VmRSS, MiB) once it listened, before anything connected to it.</summary>
    public double ManagerStartedRssMb { get; private init; }

    /// <summary>Starts a manager and <paramref name="workers"/> workers of <paramref name="capacity"/>, and waits until all are routed to.</summary>
    public static async Task<BenchCluster> StartAsync(
        int workers, int capacity, bool retry, CancellationToken cancellationToken, IEnumerable<string>? managerArguments = null)
    {
        var cluster = await LocalCluster.StartAsync(managerArguments, cancellationToken);
        var managerStartedRssMb = ProcessMemory.RssMb(cluster.Manager.Pid);
        ArgonClient? client = null;
        try
        {
            // The client first, while the manager has nothing else to do: workers starting their executors (4 x 4
            // processes in W3) can starve a 2-core machine past the client's connect timeout.
            client = await ArgonClient.ConnectAsync(cluster.ClientOptions(retry), cancellationToken);
            for (var i = 0; i < workers; i++)
            {
                cluster.StartWorker(capacity, [SamplesPath]);
            }

            await cluster.WaitForWorkersAsync(client, workers, cancellationToken);
            return new BenchCluster(cluster, client) { ManagerStartedRssMb = managerStartedRssMb };
        }
        catch
        {
            if (client is not null)
            {
                await client.DisposeAsync();
            }

            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Adds the manager's peak RSS, the largest worker and executor peak RSS (VmHWM; NaN without such processes)
    /// and how many warnings or errors the processes logged so far. Call it before anything is stopped.
    /// </summary>
    public Figures AddProcessFigures(Figures figures)
    {
        figures.Add("manager_peak_rss_mb", ProcessMemory.PeakRssMb(Cluster.Manager.Pid));
        var workers = Cluster.Workers.Select(w => ProcessMemory.PeakRssMb(w.Pid)).Where(v => !double.IsNaN(v)).ToArray();
        figures.Add("worker_peak_rss_mb", workers.Length == 0 ? double.NaN : workers.Max());

        // A worker runs its tasks in executor processes, its children: the largest of those alive now.
        var executors = Cluster.Workers.SelectMany(w => ProcessMemory.Children(w.Pid)).Select(ProcessMemory.PeakRssMb).Where(v => !double.IsNaN(v)).ToArray();
        figures.Add("executor_peak_rss_mb", executors.Length == 0 ? double.NaN : executors.Max());

        var warnings = Warnings();
        if (warnings.Length > 0)
        {
            Console.Error.WriteLine($"   {warnings.Length} warning(s) logged by the cluster; the first: {warnings[0]}");
        }

        _reported = true;
        return figures.Add("log_warnings", warnings.Length);
    }

    public async ValueTask DisposeAsync()
    {
        // A run that failed before reporting: show what the processes said, it is usually why.
        if (!_reported && Warnings() is { Length: > 0 } warnings)
        {
            Console.Error.WriteLine($"   the cluster logged {warnings.Length} warning(s) before the run failed; the first {Math.Min(10, warnings.Length)}:");
            foreach (var line in warnings.Take(10))
            {
                Console.Error.WriteLine($"     {line}");
            }
        }

        await Client.DisposeAsync();
        await Cluster.DisposeAsync();
    }

    private string[] Warnings() => Cluster.Workers.Prepend(Cluster.Manager)
        .SelectMany(p => p.Lines.Where(IsWarning).Select(line => $"{p.Name}: {line}"))
        .ToArray();

    /// <summary>A warn, fail or crit line of the simple console format ("HH:mm:ss.fff warn: ...").</summary>
    private static bool IsWarning(string line) =>
        line.Contains(" warn: ", StringComparison.Ordinal) || line.Contains(" fail: ", StringComparison.Ordinal) || line.Contains(" crit: ", StringComparison.Ordinal);

}
