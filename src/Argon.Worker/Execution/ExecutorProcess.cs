using System.Diagnostics;
using System.Security.Cryptography;
using Argon.Protocol;
using Argon.Protocol.Messages;
using Argon.Protocol.Transport;
using Microsoft.Extensions.Logging;

namespace Argon.Worker.Execution;

/// <summary>
/// One executor process and its local connection: starting it, watching it, killing it. The tasks it runs are
/// in ExecutorProcess.Runs.cs.
/// </summary>
internal sealed partial class ExecutorProcess : IAsyncDisposable
{
    /// <summary>How long a killed process may take to be seen gone; past it, the executor is given up on all the same.</summary>
    private static readonly TimeSpan KillWait = TimeSpan.FromSeconds(5);

    private IExecutorChild _process = null!; // set by StartAsync as soon as it is started
    private readonly OutputTail _stderr = new();
    private readonly ExecutorPoolOptions _options;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _gone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private FrameConnection? _frames;
    private ExecutorConnection? _connection;
    private int _unansweredProbes;
    private int _killed;
    private int _retired;
    private int _disconnected;

    private ExecutorProcess(string name, ExecutorPoolOptions options, ILogger logger)
    {
        Name = name;
        _options = options;
        _logger = logger;
    }

    public string Name { get; }

    public int ProcessId => _process.Id;

    public int TasksRun { get; private set; }

    /// <summary>Completes when the process has died or its connection has ended.</summary>
    public Task Gone => _gone.Task;

    /// <summary>True once it is being killed, its connection has ended, or a send to it failed: it takes no more tasks, whatever its process does.</summary>
    public bool IsGone => Volatile.Read(ref _disconnected) == 1 || Volatile.Read(ref _killed) == 1 || _gone.Task.IsCompleted;

    /// <summary>Starts `argon executor` and waits until it connects and presents its token.</summary>
    public static async Task<ExecutorProcess> StartAsync(
        ExecutorPoolOptions options, ExecutorListener listener, int number, ILogger logger, CancellationToken cancellationToken)
    {
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        var name = $"{options.Node}/executor-{number}";
        var info = new ProcessStartInfo(options.Launch.FileName)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in options.Launch.Arguments.Concat(["executor", "--socket", listener.SocketPath, "--node", name]))
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var path in options.LoadPaths)
        {
            info.ArgumentList.Add("--load");
            info.ArgumentList.Add(path);
        }

        if (options.AllowEval)
        {
            info.ArgumentList.Add("--code-cache");
            info.ArgumentList.Add(listener.CodeDirectory);
        }

        // An executor gets its one-time token and nothing else: no key file, no manager address.
        info.Environment.Remove("ARGON_KEY_FILE");
        info.Environment.Remove("ARGON_MANAGER");
        info.Environment[ProtocolConstants.ExecutorTokenVariable] = token;
        ExecutorRuntimeSettings.ApplyTo(info.Environment);

        var executor = new ExecutorProcess(name, options, logger);

        // Its token is expected before it starts: an executor that connects at once must not find itself unknown and be dropped.
        using var startFailed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var arrival = listener.ExpectAsync(token, options.StartTimeout, startFailed.Token);
        IExecutorChild process;
        try
        {
            process = options.Starter.Start(info, executor.OnOutput);
        }
        catch
        {
            await startFailed.CancelAsync().ConfigureAwait(false);
            await arrival.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default)
                .ConfigureAwait(false);
            throw;
        }

        executor._process = process;
        try
        {
            var exited = process.WaitForExitAsync(cancellationToken);
            if (await Task.WhenAny(arrival, exited).ConfigureAwait(false) == exited && !arrival.IsCompleted)
            {
                await exited.ConfigureAwait(false);
                throw new InvalidOperationException(
                    $"executor {name} exited before connecting ({CrashCause.Describe(process.ExitCode, executor._stderr.Lines)}): {string.Join(" | ", executor._stderr.Lines)}");
            }

            executor.Attach(await arrival.ConfigureAwait(false));
            return executor;
        }
        catch
        {
            await executor.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Sends a heartbeat, or kills the executor if it has left too many in a row unanswered. Silence is counted in
    /// probes, not in wall-clock time: after a pause of the whole worker (SIGSTOP, a suspended VM) the clock has
    /// jumped, but the executor has missed one probe, not the timeout's worth of them.
    /// </summary>
    public void Probe()
    {
        if (IsGone || Volatile.Read(ref _killed) == 1)
        {
            return;
        }

        var unanswered = Interlocked.Increment(ref _unansweredProbes) - 1;
        var allowed = Math.Max(1, (int)Math.Ceiling(_options.HeartbeatTimeout / _options.HeartbeatInterval));
        if (unanswered > allowed)
        {
            ExecutorLog.Unresponsive(_logger, Name, ProcessId, (long)(unanswered * _options.HeartbeatInterval.TotalMilliseconds));
            Kill(null, null);
            return;
        }

        _frames?.Send(new Heartbeat { Timestamp = Environment.TickCount64 });
    }

    /// <summary>Resident memory from /proc; null where it cannot be read.</summary>
    public long? ResidentBytes() => ProcessMemory.Resident(ProcessId);

    /// <summary>Asks the executor to exit, then makes sure it has.</summary>
    public async ValueTask DisposeAsync()
    {
        Volatile.Write(ref _retired, 1);
        try
        {
            if (!_process.HasExited)
            {
                _frames?.Send(new Goodbye { Reason = "retired" });
                if (!await ExitedWithinAsync(TimeSpan.FromSeconds(3)).ConfigureAwait(false))
                {
                    KillProcess();
                    await ExitedWithinAsync(KillWait).ConfigureAwait(false);
                }
            }
        }
        catch (InvalidOperationException)
        {
            // The process never started.
        }

        if (_connection is not null)
        {
            await _connection.Stream.DisposeAsync().ConfigureAwait(false);
        }

        _process.Dispose();
    }

    private void Attach(ExecutorConnection connection)
    {
        // Silence is counted from here: a start that took longer than the heartbeat timeout is not silence.
        Interlocked.Exchange(ref _unansweredProbes, 0);
        _connection = connection;
        _frames = new FrameConnection(connection.Pipe, ProtocolConstants.DefaultMaxFrameSize, Name);
        _ = RunConnectionAsync(_frames);
    }

    private async Task RunConnectionAsync(FrameConnection frames)
    {
        var end = await frames.RunAsync(message =>
        {
            Interlocked.Exchange(ref _unansweredProbes, 0);
            switch (message)
            {
                case Complete complete:
                    OnComplete(complete);
                    break;
                case Heartbeat:
                    break;
                default:
                    throw new ProtocolException($"an executor may not send {message.Type}");
            }

            return ValueTask.CompletedTask;
        }).ConfigureAwait(false);
        await OnConnectionEndedAsync(end).ConfigureAwait(false);
    }

    private async Task OnConnectionEndedAsync(ConnectionEnd end)
    {
        Volatile.Write(ref _disconnected, 1);
        // The process usually exits right after its socket closes; give it a moment, so the exit code and its
        // last words on stderr can say why.
        if (!await ExitedWithinAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false))
        {
            KillProcess();
            await ExitedWithinAsync(KillWait).ConfigureAwait(false);
        }

        if (Volatile.Read(ref _killed) == 0 && Volatile.Read(ref _retired) == 0)
        {
            ExecutorLog.Exited(_logger, Name, ProcessId, PeerText.Escape(CrashCause.Describe(_process.HasExited ? _process.ExitCode : null, _stderr.Lines), PeerText.MaxReasonLength),
                PeerText.Escape(end.Reason, PeerText.MaxReasonLength));
        }

        // Gone first, so whoever hears of the tasks below already sees an executor that takes no more.
        _gone.TrySetResult();
        OnGone();
    }

    /// <summary>
    /// Waits up to <paramref name="limit"/> for the process to exit and its stdout and stderr to be read to the end; true
    /// if it has exited by then. Its output may never end: a child process the task started can hold the pipes open
    /// long after the executor died, so the output is waited for within the limit only, never for the exit itself.
    /// </summary>
    private async Task<bool> ExitedWithinAsync(TimeSpan limit)
    {
        using var wait = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return _process.HasExited;
        }
    }

    /// <summary>
    /// Kills the process for <paramref name="pending"/>'s sake (its timeout, or a cancel it ignored), or for
    /// silence when null. A timer that fires after its task has ended kills nothing: the process may already run
    /// the next task, which must not die for it.
    /// </summary>
    private void Kill(PendingRun? pending, TaskOutcome? outcome)
    {
        lock (_runs)
        {
            if (pending is not null && (!ReferenceEquals(_running, pending) || pending.IsClaimed))
            {
                return;
            }

            Volatile.Write(ref _killed, 1);
            if (pending is not null && outcome is not null)
            {
                pending.Claim();
            }
        }

        if (pending is not null && outcome is not null)
        {
            pending.Finish(new ExecutorRun(outcome, ExecutorFate.Killed));
        }

        KillProcess();
    }

    private void KillProcess()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private void OnOutput(string? line, bool isError)
    {
        if (line is null)
        {
            return;
        }

        if (isError)
        {
            _stderr.Add(line);
        }

        if (_logger.IsEnabled(LogLevel.Debug))
        {
            var safeLine = PeerText.Escape(line, PeerText.MaxReasonLength);
            ExecutorLog.Output(_logger, Name, safeLine);
        }
    }
}
