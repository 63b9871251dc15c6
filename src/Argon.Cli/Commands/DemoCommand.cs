using System.CommandLine;
using Argon.Cli.Console;
using Argon.Cli.Demo;
using Argon.Cli.Options;
using Argon.Cli.Processes;

namespace Argon.Cli.Commands;

/// <summary>`argon demo`: a local manager and workers as real processes, a sample workload, and a summary.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var workers = EnvironmentOption.Integer("--workers", "ARGON_DEMO_WORKERS", "How many worker processes to start.", 2, 1);
        var capacity = EnvironmentOption.Integer("--capacity", "ARGON_DEMO_CAPACITY", "Tasks each worker runs at once.", 2, 1);
        var tasks = EnvironmentOption.Integer("--tasks", "ARGON_DEMO_TASKS", "How many small tasks the throughput step queues.", 20_000, 1);
        var command = new Command("demo", "Start a local manager and workers, run a sample workload, and print a summary.")
        {
            workers, capacity, tasks,
        };
        command.SetAction(async (result, _) =>
        {
            using var signal = new ShutdownSignal();
            var samples = Path.Combine(AppContext.BaseDirectory, "Argon.Samples.dll");
            var output = System.Console.Out;
            output.WriteLine($"Starting a local cluster: 1 manager and {result.GetValue(workers)} worker(s) of capacity {result.GetValue(capacity)} ...");
            await using var cluster = await LocalCluster.StartAsync(cancellationToken: signal.Token).ConfigureAwait(false);
            for (var i = 0; i < result.GetValue(workers); i++)
            {
                cluster.StartWorker(result.GetValue(capacity), [samples]);
            }

            await using var client = await ArgonClient.ConnectAsync(cluster.ClientOptions(retry: true), signal.Token).ConfigureAwait(false);
            await cluster.WaitForWorkersAsync(client, result.GetValue(workers), signal.Token).ConfigureAwait(false);
            output.WriteLine($"Manager on 127.0.0.1:{cluster.Port}, workers registered, key file {cluster.KeyFile}.");
            output.WriteLine();

            var workload = new DemoWorkload(client, output, result.GetValue(tasks), interactive: !System.Console.IsOutputRedirected);
            var correct = await workload.RunAsync(signal.Token).ConfigureAwait(false);
            output.WriteLine();
            output.WriteLine(correct ? "Demo finished: every result was correct." : "Demo FAILED: some results were wrong (see above).");
            return correct ? 0 : 1;
        });
        return command;
    }
}
