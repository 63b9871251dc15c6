using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Argon.Cli.Processes;
using Argon.IntegrationTests.Infrastructure;
using Argon.Samples;
using Xunit.Abstractions;

namespace Argon.ChaosTests;

/// <summary>
/// Issue 17, finding 2: SIGTERM of a manager with hundreds of calls unfinished, from a Retry client and a plain one.
/// Every call ends (its result, or a clear shutdown error) before the manager exits, nobody sees a connection reset,
/// and the worker hears Goodbye.
/// </summary>
[Trait("Category", "Chaos")]
public sealed class ManagerShutdownChaosTests(ITestOutputHelper output)
{
    private const int CallsPerClient = 150;

    [Fact]
    public async Task Sigterm_WithCallsUnfinished_EveryCallEndsBeforeTheManagerExits_AndNothingIsReset()
    {
        await using var manager = await RestartableManager.StartAsync(["--queue-size", "1000", "--drain-timeout", "2s"]);
        await using var worker = ArgonProcess.Start("worker", manager.WorkerArguments(capacity: 2));
        await using (var status = await ArgonClient.ConnectAsync(manager.ClientOptions()))
        {
            await Eventually.StatusAsync(status, s => s.Capacity == 2, "the worker registered", Limits.Startup);
        }

        var retryLog = new RecordingLoggerFactory();
        var plainLog = new RecordingLoggerFactory();
        var retryOptions = manager.ClientOptions(retry: true);
        retryOptions.LoggerFactory = retryLog;
        var plainOptions = manager.ClientOptions();
        plainOptions.LoggerFactory = plainLog;
        await using var retrying = await ArgonClient.ConnectAsync(retryOptions);
        await using var plain = await ArgonClient.ConnectAsync(plainOptions);

        // 300 calls of 100 ms on 2 executors: about 15 s of work, far more than the 2 s drain.
        var calls = Enumerable.Range(0, CallsPerClient)
            .SelectMany(_ => new[] { retrying.QueueAsync(new Sleep(100)), plain.QueueAsync(new Sleep(100)) })
            .ToList();
        await using (var status = await ArgonClient.ConnectAsync(manager.ClientOptions()))
        {
            await Eventually.StatusAsync(status, s => s.Queued + s.InFlight >= 250, "250 calls accepted and unfinished", Limits.Call);
        }

        manager.Process.Terminate();

        // Calls made once the clients know of the shutdown fail at once with a clear error, and are never retried.
        var deadline = Stopwatch.StartNew();
        while (!(Drained(retryLog) && Drained(plainLog)) && deadline.Elapsed < Limits.Reaction)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }

        var late = Enumerable.Range(0, 10).SelectMany(_ => new[] { retrying.QueueAsync(new Sleep(1)), plain.QueueAsync(new Sleep(1)) }).ToList();
        await manager.Process.WaitForExitAsync(Limits.Call);
        var unfinishedAtExit = calls.Concat(late).Count(c => !c.IsCompleted);
        foreach (var call in late)
        {
            var error = await Assert.ThrowsAsync<ArgonConnectionException>(() => call);
            Assert.Contains("is shutting down", error.Message, StringComparison.Ordinal);
        }

        var outcomes = await Task.WhenAll(calls.Select(Outcome)).WaitAsync(Limits.Reaction);
        foreach (var group in outcomes.GroupBy(o => o))
        {
            output.WriteLine($"{group.Count(),4} × {group.Key}");
        }

        Assert.Equal(0, unfinishedAtExit);
        Assert.All(outcomes, o => Assert.True(o == "succeeded" || o.Contains("shutting down", StringComparison.Ordinal), o));
        Assert.Contains("succeeded", outcomes);

        // Nobody saw a reset: not in any outcome, nor in the clients' or the worker's logs.
        await Eventually.LineAfterAsync(worker, 0, l => l.Contains("said goodbye", StringComparison.Ordinal), Limits.Reaction);
        var lines = retryLog.Lines.Concat(plainLog.Lines).Concat(worker.Lines).Concat(manager.Process.Lines).ToList();
        var resets = lines.Where(l => l.Contains("reset", StringComparison.OrdinalIgnoreCase)).ToList();
        resets.ForEach(output.WriteLine);
        Assert.Empty(resets);
        Assert.Contains(retryLog.Lines, l => l.Contains("is shutting down", StringComparison.Ordinal));
        Assert.Contains(plainLog.Lines, l => l.Contains("said goodbye", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sigterm_AClientWithReconnectAndRetry_FinishesWhatWasAccepted_AndItsNewCallsWaitForTheManagerToComeBack()
    {
        await using var manager = await RestartableManager.StartAsync(["--drain-timeout", "20s"]);
        await using var worker = ArgonProcess.Start("worker", manager.WorkerArguments(capacity: 2));
        var log = new RecordingLoggerFactory();
        var options = manager.ClientOptions(retry: true, reconnect: true);
        options.LoggerFactory = log;
        await using var client = await ArgonClient.ConnectAsync(options);
        await Eventually.StatusAsync(client, s => s.Capacity == 2, "the worker registered", Limits.Startup);
        var accepted = Enumerable.Range(0, 20).Select(_ => client.QueueAsync(new Sleep(100))).ToList();
        await Eventually.StatusAsync(client, s => s.Queued + s.InFlight >= 10, "the calls are accepted", Limits.Call);

        manager.Process.Terminate();
        var deadline = Stopwatch.StartNew();
        while (!Drained(log) && deadline.Elapsed < Limits.Reaction)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }

        var waiting = Enumerable.Range(0, 20).Select(i => client.QueueAsync(new Add(i, 1))).ToList();
        await manager.Process.WaitForExitAsync(Limits.Call);
        Assert.All(accepted, c => Assert.True(c.IsCompletedSuccessfully, "an accepted call finished within the drain"));
        Assert.All(waiting, c => Assert.False(c.IsCompleted, "a call made during the shutdown waits for the manager"));

        await manager.RestartAsync();
        var sums = await Task.WhenAll(waiting).WaitAsync(Limits.Startup);

        Assert.Equal(Enumerable.Range(1, 20), sums);
        Assert.DoesNotContain(log.Lines, l => l.Contains("reset", StringComparison.OrdinalIgnoreCase));
    }

    private static bool Drained(RecordingLoggerFactory log) => log.Lines.Any(l => l.Contains("is shutting down", StringComparison.Ordinal));

    /// <summary>"succeeded", or the exception's type and message, with "RESET" when a socket reset is anywhere in it.</summary>
    private static async Task<string> Outcome(Task<int> call)
    {
        try
        {
            await call;
            return "succeeded";
        }
        catch (Exception ex)
        {
            for (var inner = ex; inner is not null; inner = inner.InnerException)
            {
                if (inner is SocketException { SocketErrorCode: SocketError.ConnectionReset })
                {
                    return "RESET " + ex;
                }
            }

            return string.Create(CultureInfo.InvariantCulture, $"{ex.GetType().Name}: {ex.Message}");
        }
    }
}
