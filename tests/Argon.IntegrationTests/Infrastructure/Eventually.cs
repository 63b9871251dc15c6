using System.Diagnostics;
using Argon.Cli.Processes;

namespace Argon.IntegrationTests.Infrastructure;

/// <summary>Bounded waits for conditions that have no event to await: poll, with a deadline, and say what never happened.</summary>
internal static class Eventually
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    /// <summary>Asks the manager for its status until <paramref name="condition"/> holds; returns that status.</summary>
    public static async Task<ArgonClusterStatus> StatusAsync(ArgonClient client, Func<ArgonClusterStatus, bool> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? Limits.Reaction;
        var watch = Stopwatch.StartNew();
        while (true)
        {
            using var call = new CancellationTokenSource(limit);
            var status = await client.GetStatusAsync(call.Token);
            if (condition(status))
            {
                return status;
            }

            if (watch.Elapsed > limit)
            {
                throw new TimeoutException($"Not within {limit.TotalSeconds:0.#} s: {what}. Last status: {status} " +
                    $"workers [{string.Join(", ", status.Workers)}]");
            }

            await Task.Delay(PollInterval);
        }
    }

    /// <summary>
    /// Waits for a line printed after the first <paramref name="from"/> lines (take <c>Lines.Count</c> before acting),
    /// for lines that cannot be told apart from earlier ones by their text alone.
    /// </summary>
    public static async Task<string> LineAfterAsync(ArgonProcess process, int from, Func<string, bool> match, TimeSpan? timeout = null)
    {
        var limit = timeout ?? Limits.Reaction;
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var lines = process.Lines;
            for (var i = from; i < lines.Count; i++)
            {
                if (match(lines[i]))
                {
                    return lines[i];
                }
            }

            if (watch.Elapsed > limit)
            {
                throw new TimeoutException($"{process.Name} did not print the expected line within {limit.TotalSeconds:0.#} s. " +
                    $"Output since line {from}:\n{string.Join('\n', lines.Skip(from))}");
            }

            await Task.Delay(PollInterval);
        }
    }

    /// <summary>Reads a worker's executor processes from /proc until <paramref name="condition"/> holds; returns their pids.</summary>
    public static async Task<IReadOnlySet<int>> ExecutorsAsync(ArgonProcess worker, Func<IReadOnlySet<int>, bool> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? Limits.Reaction;
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var executors = ExecutorProcesses.Of(worker);
            if (condition(executors))
            {
                return executors;
            }

            if (watch.Elapsed > limit)
            {
                throw new TimeoutException($"Not within {limit.TotalSeconds:0.#} s: {what}. Executors of {worker.Name} (pid {worker.Pid}, " +
                    $"exited: {worker.HasExited}): [{string.Join(", ", executors.Order())}]. Worker output:\n{string.Join('\n', worker.Lines.TakeLast(40))}");
            }

            await Task.Delay(PollInterval);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds.</summary>
    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? Limits.Reaction;
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > limit)
            {
                throw new TimeoutException($"Not within {limit.TotalSeconds:0.#} s: {what}.");
            }

            await Task.Delay(PollInterval);
        }
    }

    /// <summary>Waits until process <paramref name="pid"/> no longer runs.</summary>
    public static async Task GoneAsync(int pid, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? Limits.Reaction;
        var watch = Stopwatch.StartNew();
        while (!ExecutorProcesses.IsGone(pid))
        {
            if (watch.Elapsed > limit)
            {
                throw new TimeoutException($"Not within {limit.TotalSeconds:0.#} s: {what} (pid {pid} still runs: {ExecutorProcesses.CommandLine(pid)}).");
            }

            await Task.Delay(PollInterval);
        }
    }

    /// <summary>Waits for a process to exit and returns its exit code; on timeout, fails with what it printed.</summary>
    public static async Task<int> ExitAsync(ArgonProcess process, TimeSpan? timeout = null)
    {
        var limit = timeout ?? Limits.Command;
        try
        {
            return await process.WaitForExitAsync(limit);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{process.Name} did not exit within {limit.TotalSeconds:0.#} s. Output:\n{string.Join('\n', process.Lines)}");
        }
    }
}
