using System.Diagnostics;

namespace Argon.Cli.Processes;

/// <summary>
/// A child `argon` process (manager, worker) with its output captured line by line, so the demo, the tests
/// and the benchmark can wait on what it prints, signal it, and always stop it.
/// </summary>
internal sealed partial class ArgonProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly Lock _gate = new();
    private TaskCompletionSource _lineArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ArgonProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    public string Name { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Every line printed so far, stdout and stderr interleaved as they arrived.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>Starts `argon ARGS` with the same runtime and argon.dll as this process.</summary>
    /// <param name="name">What the process is called in messages.</param>
    /// <param name="arguments">The arguments after `argon`.</param>
    /// <param name="environment">Variables added to this process's environment.</param>
    /// <param name="via">
    /// A command that runs `argon` for it, such as `ip netns exec NAME` to start it in a network namespace. It must
    /// exec the command in place, so that <see cref="Pid"/> stays argon's own.
    /// </param>
    public static ArgonProcess Start(string name, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null,
        IReadOnlyList<string>? via = null)
    {
        var (fileName, prefix) = Launcher();
        return via is null || via.Count == 0
            ? StartCommand(name, fileName, prefix.Concat(arguments), environment)
            : StartCommand(name, via[0], via.Skip(1).Append(fileName).Concat(prefix).Concat(arguments), environment);
    }

    /// <summary>Starts any program with its output captured the same way (a test's helper program, say).</summary>
    public static ArgonProcess StartCommand(string name, string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (variable, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[variable] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ArgonProcess(process, name);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits for the `argon manager|worker listening on HOST:PORT` line and returns the port.</summary>
    /// <exception cref="TimeoutException">The line did not come in time.</exception>
    public async Task<int> WaitForListeningPortAsync(string role, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var prefix = $"argon {role} listening on ";
        var line = await WaitForLineAsync(l => l.StartsWith(prefix, StringComparison.Ordinal), timeout, cancellationToken).ConfigureAwait(false);
        return int.Parse(line[(line.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Waits until a line matches, the process exits, or the timeout passes.</summary>
    /// <exception cref="TimeoutException">No line matched in time; the message carries what the process printed.</exception>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = Stopwatch.StartNew();
        var seen = 0;
        while (true)
        {
            Task arrived;
            lock (_gate)
            {
                for (; seen < _lines.Count; seen++)
                {
                    if (match(_lines[seen]))
                    {
                        return _lines[seen];
                    }
                }

                arrived = _lineArrived.Task;
            }

            var left = timeout - deadline.Elapsed;
            if (left <= TimeSpan.Zero || _process.HasExited && !arrived.IsCompleted)
            {
                throw new TimeoutException($"{Name} did not print the expected line within {timeout.TotalSeconds:0.#} s" +
                    (_process.HasExited ? $" (it exited with code {_process.ExitCode})" : "") + ". Output:\n" + string.Join('\n', Lines));
            }

            try
            {
                await arrived.WaitAsync(left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Check for exit and the deadline again.
            }
        }
    }

    /// <summary>Sends SIGTERM: the process drains and exits on its own.</summary>
    public void Terminate()
    {
        if (!_process.HasExited)
        {
            _ = Signal(Pid, Sigterm);
        }
    }

    /// <summary>Sends SIGSTOP or SIGCONT: freezes or thaws the process.</summary>
    public void Freeze(bool frozen)
    {
        if (!_process.HasExited)
        {
            _ = Signal(Pid, frozen ? Sigstop : Sigcont);
        }
    }

    /// <summary>kill -9.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancellation.Token).ConfigureAwait(false);
        return _process.ExitCode;
    }

    /// <summary>Stops the process: SIGTERM, a few seconds to exit, then kill -9.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            Terminate();
            await WaitForExitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill();
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        TaskCompletionSource arrived;
        lock (_gate)
        {
            _lines.Add(line);
            arrived = _lineArrived;
            _lineArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        arrived.TrySetResult();
    }

    /// <summary>How a worker in this process starts `argon executor`.</summary>
    public static Worker.Execution.ExecutorLaunch ExecutorLaunch()
    {
        var (fileName, prefix) = Launcher();
        return new Worker.Execution.ExecutorLaunch(fileName, prefix);
    }

    /// <summary>
    /// This program again: the `argon` app host if that is what runs, otherwise `dotnet argon.dll` with the
    /// runtime that runs this process and the argon.dll this type lives in.
    /// </summary>
    private static (string FileName, string[] Prefix) Launcher()
    {
        if (Environment.ProcessPath is { } app && Path.GetFileNameWithoutExtension(app) == "argon")
        {
            return (app, []);
        }

        var argonDll = typeof(ArgonProcess).Assembly.Location;
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (string.IsNullOrEmpty(host) && Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            host = self;
        }

        return (string.IsNullOrEmpty(host) ? "dotnet" : host, [argonDll]);
    }
}
