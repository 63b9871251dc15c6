using System.CommandLine;
using Argon.Cli.Options;
using Argon.Cli.Processes;
using Argon.Worker;
using Microsoft.Extensions.Logging;

namespace Argon.Cli.Commands;

/// <summary>The options of `argon worker`, and how they become <see cref="WorkerOptions"/>.</summary>
internal sealed class WorkerCommandOptions
{
    private readonly Option<string[]> _manager = new("--manager", "--mgr")
    {
        Description = "A manager to serve, as host:port; repeat, or separate with commas, to serve several. [env: ARGON_MANAGER, comma-separated]",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ARGON_MANAGER") is { Length: > 0 } text ? [text] : [],
    };
    private readonly Option<string?> _host = EnvironmentOption.Text("--host", "ARGON_WORKER_HOST",
        "Accept clients directly on this address (a stand-alone worker, or beside --manager).");
    private readonly Option<int> _port = EnvironmentOption.Integer("--port", "ARGON_WORKER_PORT", "The port for direct clients (0 = any free port).", 8001, 0, "-p");
    private readonly Option<int> _capacity = EnvironmentOption.Integer("--capacity", "ARGON_CAPACITY",
        "Executor processes, each running one task at a time (default: the CPU count).", Environment.ProcessorCount, 1, "--workers");
    private readonly Option<int> _queueSize = EnvironmentOption.Integer("--queue-size", "ARGON_WORKER_QUEUE_SIZE",
        "Direct clients' tasks that may wait for an executor; beyond it they are denied at once.", 256, 0);
    private readonly Option<string[]> _load = new("--load")
    {
        Description = "Task assemblies to load: .dll files or folders; repeat for more. [env: ARGON_LOAD, separated by the path separator]",
        AllowMultipleArgumentsPerToken = true,
        DefaultValueFactory = _ => (Environment.GetEnvironmentVariable("ARGON_LOAD") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries),
    };

    private readonly Option<bool> _allowEval = EnvironmentOption.Flag("--allow-eval", "ARGON_ALLOW_EVAL", "Accept shipped code (closures and task classes this worker was not given).");
    private readonly Option<int> _maxRequests = EnvironmentOption.Integer("--max-requests", "ARGON_MAX_REQUESTS", "Recycle an executor after this many tasks (0 = never).", 0, 0);
    private readonly Option<long> _maxMemory = EnvironmentOption.Create<long>("--max-executor-memory", "ARGON_MAX_EXECUTOR_MEMORY",
        "Recycle an executor whose resident memory passes this after a task (e.g. 512MB, 2GB).", Sizes.TryParse, () => 0, "a size such as 512MB or 2GB");
    private readonly Option<TimeSpan?> _taskTimeout = EnvironmentOption.Duration("--task-timeout", "ARGON_TASK_TIMEOUT",
        "The longest a task may run when its call sets no timeout (e.g. 30s); the executor is killed past it.");

    private readonly Option<TimeSpan?> _drainTimeout = EnvironmentOption.Duration("--drain-timeout", "ARGON_DRAIN_TIMEOUT",
        "On SIGTERM/SIGINT, how long in-flight tasks get to finish before the worker leaves anyway (default 30s).");

    private readonly HeartbeatOptions _heartbeat = new();

    public HttpOptions Http { get; } = new();

    public Option<string[]> Key { get; } = CommonOptions.Keys();

    /// <summary>The limits on connections to the direct-client port.</summary>
    public ConnectionLimitOptions Limits { get; } = new();

    public Option<LogLevel> Verbose { get; } = CommonOptions.Verbose();

    public Option<LogFormat> LogFormat { get; } = CommonOptions.LogFormat();

    /// <summary>--config FILE: settings for any of these options (<see cref="NodeSettings"/>).</summary>
    public Option<string?> Config { get; } = NodeSettings.ConfigOption();

    public void AddTo(Command command)
    {
        foreach (Option option in new Option[]
        {
            _manager, _host, _port, _capacity, _queueSize, _load, _allowEval, _maxRequests, _maxMemory, _taskTimeout, _drainTimeout, Key, Verbose, LogFormat, Config,
        }.Concat(Http.All).Concat(_heartbeat.All).Concat(Limits.All))
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The worker's options; <paramref name="listen"/> is set when direct clients are to be accepted.</summary>
    public WorkerOptions Read(ParseResult result, out (string Host, int Port)? listen)
    {
        var managers = ManagerList.Parse(result.GetValue(_manager) ?? []);
        var host = result.GetValue(_host);
        listen = string.IsNullOrEmpty(host) ? null : (host, result.GetValue(_port));
        if (managers.Count == 0 && listen is null)
        {
            throw new CommandLineException("Give --manager HOST:PORT to serve a manager, or --host (and --port) to accept clients directly, or both.");
        }

        var loadPaths = result.GetValue(_load) ?? [];
        CheckReadable(loadPaths);
        return new WorkerOptions
        {
            ManagerHost = managers.Count > 0 ? managers[0].Host : null,
            ManagerPort = managers.Count > 0 ? managers[0].Port : 0,
            Managers = managers,
            Capacity = result.GetValue(_capacity),
            DirectQueueSize = result.GetValue(_queueSize),
            LoadPaths = loadPaths,
            AllowEval = result.GetValue(_allowEval),
            TaskTimeout = result.GetValue(_taskTimeout),
            MaxRequests = result.GetValue(_maxRequests) is > 0 and var n ? n : null,
            MaxExecutorMemoryBytes = result.GetValue(_maxMemory) is > 0 and var bytes ? bytes : null,
            ExecutorLaunch = ArgonProcess.ExecutorLaunch(),
            Heartbeat = _heartbeat.Read(result),
            DrainTimeout = result.GetValue(_drainTimeout) ?? TimeSpan.FromSeconds(30),
        };
    }

    /// <summary>
    /// Fails at start, with one line, on a --load file or folder this user cannot read, rather than in every executor.
    /// A path that does not exist is reported by the worker itself.
    /// </summary>
    private static void CheckReadable(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            try
            {
                var files = Directory.Exists(path) ? Directory.EnumerateFiles(path, "*.dll") : File.Exists(path) ? [path] : [];
                foreach (var file in files)
                {
                    using var stream = File.OpenRead(file);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CommandLineException($"--load: cannot read {path} ({ex.Message}); check its permissions.", ex);
            }
        }
    }
}
