using System.Globalization;
using Argon.Cli.Processes;

namespace Argon.IntegrationTests.Infrastructure;

/// <summary>Two managers on loopback that accept the same key (B holds A's key beside its own), and workers serving both.</summary>
internal sealed class ManagerPair : IAsyncDisposable
{
    private ManagerPair(RestartableManager a, RestartableManager b)
    {
        A = a;
        B = b;
    }

    public RestartableManager A { get; }

    public RestartableManager B { get; }

    public static async Task<ManagerPair> StartAsync()
    {
        var a = await RestartableManager.StartAsync();
        try
        {
            return new ManagerPair(a, await RestartableManager.StartAsync(["--key", a.KeyFile]));
        }
        catch
        {
            await a.DisposeAsync();
            throw;
        }
    }

    /// <summary>`argon worker --manager A,B` (the comma form) with A's key and --http for its metrics.</summary>
    public ArgonProcess StartWorker(int capacity, IReadOnlyList<string>? load = null) => ArgonProcess.Start("worker of A and B",
    [
        "worker", "--manager", $"127.0.0.1:{A.Port},127.0.0.1:{B.Port}", "--capacity", capacity.ToString(CultureInfo.InvariantCulture),
        "--key", A.KeyFile, .. (load ?? [TaskLibrary.AssemblyPath]).SelectMany(path => (string[])["--load", path]), "--http", "127.0.0.1:0",
    ]);

    /// <summary>A client of both managers (ArgonClientOptions.Managers), with Retry and Reconnect on.</summary>
    public ArgonClientOptions BothClientOptions() => new()
    {
        Managers = [$"127.0.0.1:{A.Port}", $"127.0.0.1:{B.Port}"],
        KeyFile = A.KeyFile,
        Retry = true,
        Reconnect = true,
    };

    /// <summary>Waits until both managers list the worker, its executors shared between them.</summary>
    public async Task WaitRegisteredAsync(ArgonClient clientA, ArgonClient clientB, ArgonProcess worker)
    {
        var node = ":" + worker.Pid.ToString(CultureInfo.InvariantCulture);
        await Eventually.StatusAsync(clientA, s => s.Workers.Any(w => w.NodeId.EndsWith(node, StringComparison.Ordinal)), "A lists the worker", Limits.Startup);
        await Eventually.StatusAsync(clientB, s => s.Workers.Any(w => w.NodeId.EndsWith(node, StringComparison.Ordinal)), "B lists the worker", Limits.Startup);
    }

    public async ValueTask DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
    }
}
