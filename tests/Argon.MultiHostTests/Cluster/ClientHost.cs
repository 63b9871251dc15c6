using System.Globalization;
using Argon.Cli.Processes;
using Argon.MultiHostTests.Network;

namespace Argon.MultiHostTests.Cluster;

/// <summary>
/// A client in a host of its own: the Argon.MultiHostClient program started with `ip netns exec`, so its sockets are
/// the host's. It waits until every manager routes to every worker, runs its <see cref="ClientWorkload"/> and writes
/// each outcome to a <see cref="LedgerFile"/>. Stopped on dispose.
/// </summary>
internal sealed class ClientHost : IAsyncDisposable
{
    private const string Program = "Argon.MultiHostClient.dll";

    private ClientHost(ArgonProcess process, string ledger)
    {
        Process = process;
        Ledger = new LedgerFile(ledger);
    }

    public ArgonProcess Process { get; }

    public LedgerFile Ledger { get; }

    public static ClientHost Start(VirtualHost host, MultiHostCluster cluster, ClientWorkload workload)
    {
        var ledger = Path.Combine(cluster.Directory, $"ledger-{host.Name}.txt");
        string Number(double value) => value.ToString(CultureInfo.InvariantCulture);
        List<string> arguments =
        [
            "--manager", cluster.ManagerList, "--key", cluster.KeyFile, "--ledger", ledger,
            "--task", workload.Task, "--calls", Number(workload.Calls), "--concurrency", Number(workload.Concurrency),
            "--first-id", Number(workload.FirstId), "--ms", Number(workload.Milliseconds), "--passes", Number(workload.Passes),
            "--wait-capacity", Number(cluster.TotalCapacity), "--wait-workers", Number(cluster.Workers.Count),
            "--heartbeat-interval-ms", Number(cluster.HeartbeatInterval.TotalMilliseconds),
            "--heartbeat-timeout-ms", Number(cluster.HeartbeatTimeout.TotalMilliseconds),
        ];
        if (workload.Retry)
        {
            arguments.Add("--retry");
        }

        if (workload.Report)
        {
            arguments.Add("--report");
        }

        if (workload.MillisecondsMax is { } longest)
        {
            arguments.AddRange(["--ms-max", Number(longest)]);
        }

        if (workload.LogDirectory is { } logs)
        {
            arguments.AddRange(["--log-dir", logs]);
        }

        if (workload.StopFile is { } stop)
        {
            arguments.AddRange(["--stop-file", stop]);
        }

        var (fileName, command) = HostProgram.Command(host, Program, arguments);
        return new ClientHost(ArgonProcess.StartCommand($"client on {host.Name}", fileName, command), ledger);
    }

    /// <summary>Waits for the program to finish; fails with its output if it does not, or exits with an error.</summary>
    public async Task FinishAsync(TimeSpan within)
    {
        int exitCode;
        try
        {
            exitCode = await Process.WaitForExitAsync(within);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Process.Name} did not finish within {within.TotalSeconds:0} s " +
                $"({Ledger.Read().Count} outcomes so far). Output:\n{string.Join('\n', Process.Lines.TakeLast(20))}");
        }

        Assert.True(exitCode == 0, $"{Process.Name} exited with {exitCode}:\n{string.Join('\n', Process.Lines.TakeLast(20))}");
    }

    /// <summary>The elapsed time the program printed for pass <paramref name="pass"/> (1-based).</summary>
    public TimeSpan PassElapsed(int pass)
    {
        var line = Process.Lines.Single(l => l.StartsWith($"client pass {pass.ToString(CultureInfo.InvariantCulture)} ", StringComparison.Ordinal));
        var value = line[(line.IndexOf("elapsed_ms=", StringComparison.Ordinal) + "elapsed_ms=".Length)..];
        return TimeSpan.FromMilliseconds(double.Parse(value, CultureInfo.InvariantCulture));
    }

    /// <summary>How many calls the program submitted in pass <paramref name="pass"/> (1-based).</summary>
    public int Submitted(int pass = 1)
    {
        var line = Process.Lines.Single(l => l.StartsWith($"client pass {pass.ToString(CultureInfo.InvariantCulture)} ", StringComparison.Ordinal));
        var value = line[(line.IndexOf("submitted=", StringComparison.Ordinal) + "submitted=".Length)..].Split(' ')[0];
        return int.Parse(value, CultureInfo.InvariantCulture);
    }

    /// <summary>With <see cref="ClientWorkload.Report"/>: (manager, worker address as the manager saw it, tasks it completed there).</summary>
    public IReadOnlyList<(string Manager, string Worker, long Completed)> Seen() =>
    [
        .. Process.Lines.Where(l => l.StartsWith("client seen ", StringComparison.Ordinal))
            .Select(l => l["client seen ".Length..].Split(' '))
            .Select(p => (p[0], p[1], long.Parse(p[2]["completed=".Length..], CultureInfo.InvariantCulture))),
    ];

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
