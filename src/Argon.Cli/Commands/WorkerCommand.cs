using System.CommandLine;
using Argon.Cli.Console;
using Argon.Cli.Options;
using Argon.Cli.Processes;
using Argon.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Argon.Cli.Commands;

/// <summary>`argon worker --manager H:P`: registers with a manager and runs the tasks it routes here.</summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var manager = EnvironmentOption.Text("--manager", "ARGON_MANAGER", "The manager to serve, as host:port.", "--mgr");
        var capacity = EnvironmentOption.Integer("--capacity", "ARGON_CAPACITY", "How many tasks run at once (default: the CPU count).",
            Environment.ProcessorCount, 1, "--workers");
        var load = new Option<string[]>("--load")
        {
            Description = "Task assemblies to load: .dll files or folders; repeat for more. [env: ARGON_LOAD, separated by the path separator]",
            AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => (Environment.GetEnvironmentVariable("ARGON_LOAD") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries),
        };
        var allowEval = EnvironmentOption.Flag("--allow-eval", "ARGON_ALLOW_EVAL", "Accept shipped code (closures and task classes this worker was not given).");
        var maxRequests = EnvironmentOption.Integer("--max-requests", "ARGON_MAX_REQUESTS", "Recycle an executor after this many tasks (0 = never).", 0, 0);
        var maxMemory = EnvironmentOption.Create<long>("--max-executor-memory", "ARGON_MAX_EXECUTOR_MEMORY",
            "Recycle an executor whose resident memory passes this after a task (e.g. 512MB, 2GB).",
            Sizes.TryParse, () => 0, "a size such as 512MB or 2GB");
        var taskTimeout = EnvironmentOption.Duration("--task-timeout", "ARGON_TASK_TIMEOUT", "The longest a task may run when its call sets no timeout (e.g. 30s).");
        var key = CommonOptions.Key();
        var verbose = CommonOptions.Verbose();
        var logFormat = CommonOptions.LogFormat();
        var command = new Command("worker", "Run a worker: it registers with a manager and runs the tasks routed to it.")
        {
            manager, capacity, load, allowEval, maxRequests, maxMemory, taskTimeout, key, verbose, logFormat,
        };
        command.SetAction(async (result, _) =>
        {
            var endpoint = result.GetValue(manager);
            if (string.IsNullOrEmpty(endpoint))
            {
                throw new CommandLineException("--manager HOST:PORT is required (or set ARGON_MANAGER).");
            }

            if (!Endpoints.TryParse(endpoint, out var managerHost, out var managerPort))
            {
                throw new CommandLineException($"--manager: '{endpoint}' is not HOST:PORT.");
            }

            var options = new WorkerOptions
            {
                ManagerHost = managerHost,
                ManagerPort = managerPort,
                Capacity = result.GetValue(capacity),
                LoadPaths = result.GetValue(load) ?? [],
                AllowEval = result.GetValue(allowEval),
                TaskTimeout = result.GetValue(taskTimeout),
                MaxRequests = result.GetValue(maxRequests) is > 0 and var n ? n : null,
                MaxExecutorMemoryBytes = result.GetValue(maxMemory) is > 0 and var bytes ? bytes : null,
                ExecutorLaunch = ArgonProcess.ExecutorLaunch(),
            };
            var sharedKey = KeyLoader.Load(CommonOptions.RequireKey(result.GetValue(key)));

            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = "argon" });
            builder.Logging.AddArgonConsole(result.GetValue(verbose), result.GetValue(logFormat));
            builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
            try
            {
                builder.Services.AddArgonWorker(options, sharedKey);
            }
            catch (FileNotFoundException ex)
            {
                throw new CommandLineException($"--load: {ex.Message}", ex);
            }

            using var host = builder.Build();
            await host.RunAsync(CancellationToken.None).ConfigureAwait(false);
            return Environment.ExitCode;
        });
        return command;
    }
}
