using System.Globalization;
using Argon.Cli.Commands;

namespace Argon.Cli.Processes;

/// <summary>
/// A manager and workers as real `argon` processes on loopback, sharing a fresh key file: what `argon demo`
/// runs, and what the integration tests and the benchmark start.
/// </summary>
internal sealed class LocalCluster : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly List<ArgonProcess> _workers = [];
    private readonly string _directory;

    private LocalCluster(string directory, string keyFile, ArgonProcess manager, int port)
    {
        _directory = directory;
        KeyFile = keyFile;
        Manager = manager;
        Port = port;
    }

    public string KeyFile { get; }

    public ArgonProcess Manager { get; }

    public int Port { get; }

    public IReadOnlyList<ArgonProcess> Workers => _workers;

    /// <summary>Makes a key, starts a manager on a free loopback port, and waits until it listens.</summary>
    public static async Task<LocalCluster> StartAsync(IEnumerable<string>? managerArguments = null, CancellationToken cancellationToken = default)
    {
        var directory = Directory.CreateTempSubdirectory("argon-").FullName;
        var keyFile = Path.Combine(directory, "key");
        KeygenCommand.Write(keyFile, overwrite: false);
        var manager = ArgonProcess.Start("manager",
            ["manager", "--host", "127.0.0.1", "--port", "0", "--key", keyFile, .. managerArguments ?? []]);
        try
        {
            var port = await manager.WaitForListeningPortAsync("manager", StartTimeout, cancellationToken).ConfigureAwait(false);
            return new LocalCluster(directory, keyFile, manager, port);
        }
        catch
        {
            await manager.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Starts a worker registered with this manager; <see cref="WaitForWorkersAsync"/> tells when it is routed to.</summary>
    public ArgonProcess StartWorker(int capacity, IEnumerable<string> loadPaths, IEnumerable<string>? extraArguments = null)
    {
        var worker = ArgonProcess.Start($"worker {_workers.Count + 1}",
        [
            "worker", "--manager", $"127.0.0.1:{Port}", "--capacity", capacity.ToString(CultureInfo.InvariantCulture), "--key", KeyFile,
            .. loadPaths.SelectMany(path => new[] { "--load", path }),
            .. extraArguments ?? [],
        ]);
        _workers.Add(worker);
        return worker;
    }

    public ArgonClientOptions ClientOptions(bool retry = false) => new()
    {
        Host = "127.0.0.1",
        Port = Port,
        KeyFile = KeyFile,
        Retry = retry,
    };

    /// <summary>Polls the manager's status until it routes to <paramref name="count"/> workers.</summary>
    public async Task WaitForWorkersAsync(ArgonClient client, int count, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(StartTimeout);
        while (true)
        {
            var status = await client.GetStatusAsync(deadline.Token).ConfigureAwait(false);
            if (status.Workers.Count >= count)
            {
                return;
            }

            if (_workers.FirstOrDefault(w => w.HasExited) is { } dead)
            {
                throw new InvalidOperationException($"{dead.Name} exited before registering:\n{string.Join('\n', dead.Lines)}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.DisposeAsync().ConfigureAwait(false);
        }

        await Manager.DisposeAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
