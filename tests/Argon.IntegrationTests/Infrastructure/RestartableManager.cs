using System.Diagnostics;
using System.Globalization;
using Argon.Cli.Commands;
using Argon.Cli.Processes;

namespace Argon.IntegrationTests.Infrastructure;

/// <summary>
/// A manager (a real `argon manager` on loopback, with its own key file or one shared with other managers) that a
/// test can kill -9 and start again on the same port, as an operator's supervisor would. Every process it started
/// is stopped on dispose.
/// </summary>
internal sealed class RestartableManager : IAsyncDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly IReadOnlyList<string> _arguments;
    private readonly List<ArgonProcess> _retired = [];

    private RestartableManager(IReadOnlyList<string> arguments, string? keyFile)
    {
        _arguments = arguments;
        if (keyFile is null)
        {
            keyFile = Path.Combine(_directory.Path, "key");
            KeygenCommand.Write(keyFile, overwrite: false);
        }

        KeyFile = keyFile;
    }

    public string KeyFile { get; }

    /// <summary>The port every incarnation listens on.</summary>
    public int Port { get; private set; }

    /// <summary>The manager running now.</summary>
    public ArgonProcess Process { get; private set; } = null!;

    /// <summary>How many times it was started.</summary>
    public int Starts { get; private set; }

    /// <summary>
    /// Starts a manager on a free port with <paramref name="arguments"/> added to its command line, with
    /// <paramref name="keyFile"/> (another manager's, for one cluster) or a key file of its own.
    /// </summary>
    public static async Task<RestartableManager> StartAsync(IEnumerable<string>? arguments = null, string? keyFile = null)
    {
        var manager = new RestartableManager([.. arguments ?? []], keyFile);
        try
        {
            await manager.StartAsync(port: 0);
            return manager;
        }
        catch
        {
            await manager.DisposeAsync();
            throw;
        }
    }

    /// <summary>kill -9 of the manager alone, and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        ExecutorProcesses.Signal(Process.Pid, "KILL");
        await Eventually.ExitAsync(Process, Limits.Reaction);
    }

    /// <summary>Starts a new manager on the same port; retries while the old one's port is not yet free.</summary>
    public Task RestartAsync() => StartAsync(Port);

    public ArgonClientOptions ClientOptions(bool retry = false, bool reconnect = false) => new()
    {
        Host = "127.0.0.1",
        Port = Port,
        KeyFile = KeyFile,
        Retry = retry,
        Reconnect = reconnect,
    };

    /// <summary>The arguments of `argon worker` that serve this manager.</summary>
    public IReadOnlyList<string> WorkerArguments(int capacity, IEnumerable<string>? extra = null) =>
    [
        "worker", "--manager", $"127.0.0.1:{Port}", "--capacity", capacity.ToString(CultureInfo.InvariantCulture), "--key", KeyFile,
        "--load", TaskLibrary.AssemblyPath, .. extra ?? [],
    ];

    /// <summary>The arguments of `argon status --json` against this manager.</summary>
    public IReadOnlyList<string> StatusArguments() =>
        ["status", "--json", "--manager", $"127.0.0.1:{Port}", "--key", KeyFile];

    public async ValueTask DisposeAsync()
    {
        if (Process is not null)
        {
            await Process.DisposeAsync();
        }

        foreach (var process in _retired)
        {
            await process.DisposeAsync();
        }

        _directory.Dispose();
    }

    private async Task StartAsync(int port)
    {
        if (Process is not null)
        {
            _retired.Add(Process);
        }

        var watch = Stopwatch.StartNew();
        while (true)
        {
            var manager = ArgonProcess.Start($"manager {++Starts}",
                ["manager", "--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--key", KeyFile, .. _arguments]);
            try
            {
                Port = await manager.WaitForListeningPortAsync("manager", Limits.Startup);
                Process = manager;
                return;
            }
            catch (TimeoutException) when (manager.HasExited && port != 0 && watch.Elapsed < Limits.Startup)
            {
                // The port was not free yet (the killed manager's sockets linger); try again shortly.
                _retired.Add(manager);
                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }
            catch
            {
                await manager.DisposeAsync();
                throw;
            }
        }
    }
}
