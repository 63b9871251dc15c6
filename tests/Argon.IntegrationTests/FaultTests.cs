using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Argon.Cli.Processes;
using Argon.IntegrationTests.Infrastructure;
using Argon.Samples;
using Xunit.Abstractions;

namespace Argon.IntegrationTests;

/// <summary>
/// Issue 5's promises, one fault at a time: a worker killed, frozen or drained; a manager killed, frozen or
/// stopped; a client that reconnects. Each test starts its own processes, since each breaks them.
/// </summary>
public sealed partial class FaultTests(ITestOutputHelper output)
{
    /// <summary>Short heartbeats so the bounds are seconds, not long enough to make a busy 2-core machine look dead.</summary>
    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan HeartbeatTimeout = TimeSpan.FromSeconds(2);

    /// <summary>On top of the heartbeat timeout: one interval, scheduling on a loaded machine, polling.</summary>
    private static readonly TimeSpan DetectionMargin = TimeSpan.FromSeconds(2.5);

    private static readonly string[] Heartbeat = ["--heartbeat-interval", "250ms", "--heartbeat-timeout", "2s"];

    [Fact]
    public async Task WorkerKilled_During500TasksOf50ms_All500Succeed()
    {
        await using var cluster = await TestCluster.StartAsync(workers: 2, capacity: 2, retry: true);
        var calls = Enumerable.Range(0, 500).Select(_ => cluster.Client.QueueAsync(new Sleep(50))).ToArray();
        await Eventually.StatusAsync(cluster.Client, s => s.Completed >= 50 && s.Workers.Count == 2 && s.Workers.All(w => w.InFlight > 0),
            "both workers run the batch", Limits.Call);
        var victim = cluster.Cluster.Workers[0];
        var executors = ExecutorProcesses.Of(victim);
        var from = cluster.Manager.Lines.Count;

        ExecutorProcesses.Signal(victim.Pid, "KILL"); // the worker alone, as the OOM killer would: its executors are orphaned

        var results = await Task.WhenAll(calls).WaitAsync(Limits.Call * 2);
        Assert.All(results, r => Assert.Equal(50, r));
        var lost = await Eventually.LineAfterAsync(cluster.Manager, from, l => l.Contains(" lost:", StringComparison.Ordinal));
        output.WriteLine(lost);
        var status = await cluster.Client.GetStatusAsync().WaitAsync(Limits.Call);
        Assert.Single(status.Workers);
        Assert.Equal(0, status.Failed);
        Assert.True(status.Completed >= 500, $"the manager counted {status.Completed} completions for 500 tasks");
        foreach (var executor in executors)
        {
            await Eventually.GoneAsync(executor, $"executor {executor} of the killed worker exits on its own");
        }
    }

    [Fact]
    public async Task ManagerKilledAndRestarted_WorkerIsBackInArgonStatusWithin10Seconds()
    {
        await using var manager = await RestartableManager.StartAsync();
        await using var worker = ArgonProcess.Start("worker", manager.WorkerArguments(capacity: 1));
        await using (var client = await ArgonClient.ConnectAsync(manager.ClientOptions()))
        {
            await Eventually.StatusAsync(client, s => s.Workers.Any(w => IsNode(w.NodeId, worker)), "the worker registers", Limits.Startup);
        }

        await manager.KillAsync();
        await manager.RestartAsync();
        var watch = Stopwatch.StartNew();

        // The real `argon status --json`, run until it lists the worker again.
        var polls = 0;
        while (true)
        {
            polls++;
            var nodes = await StatusCommandWorkersAsync(manager);
            if (nodes.Any(n => IsNode(n, worker)))
            {
                break;
            }

            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10),
                $"`argon status` did not list the worker within 10 s of the manager's restart ({polls} polls; it lists [{string.Join(", ", nodes)}]). " +
                $"Worker output:\n{string.Join('\n', worker.Lines.TakeLast(20))}");
        }

        output.WriteLine($"the worker was back in `argon status` {watch.Elapsed.TotalSeconds:0.00} s after the manager listened again ({polls} polls)");
        Assert.False(worker.HasExited, "the worker must survive its manager's death");
    }

    [Fact]
    public async Task CallInFlight_WhenTheOnlyManagerIsKilledAndRestarted_IsSubmittedAgainAndCompletes()
    {
        // Reconnect and Retry with one manager: the lost call is submitted again on the new connection (a
        // resubmission with no call id, which a manager must accept: there is nothing to attach it to).
        await using var manager = await RestartableManager.StartAsync();
        await using var client = await ArgonClient.ConnectAsync(manager.ClientOptions(retry: true, reconnect: true));
        await using var worker = ArgonProcess.Start("worker", manager.WorkerArguments(capacity: 1));
        await Eventually.StatusAsync(client, s => s.Workers.Count == 1, "the worker registers", Limits.Startup);
        var call = client.QueueAsync(new Sleep(1500));
        await Eventually.StatusAsync(client, s => s.InFlight == 1, "the call runs on the worker");

        await manager.KillAsync();
        await manager.RestartAsync();

        Assert.Equal(1500, await call.WaitAsync(2 * Limits.Call));
    }

    [Fact]
    public async Task ManagerKilledWhileResultsFlow_WorkersSurviveAndRegisterAgain()
    {
        // A manager that dies while workers are writing results to it: the workers' writes fail mid-flight, and
        // they must reconnect rather than exit. Three times, since whether a write is pending at the kill is luck.
        await using var manager = await RestartableManager.StartAsync();
        var options = manager.ClientOptions(retry: true, reconnect: true);
        await using var client = await ArgonClient.ConnectAsync(options);
        await using var first = ArgonProcess.Start("worker 1", manager.WorkerArguments(capacity: 2));
        await using var second = ArgonProcess.Start("worker 2", manager.WorkerArguments(capacity: 2));
        ArgonProcess[] workers = [first, second];
        await Eventually.StatusAsync(client, s => s.Workers.Count == 2, "both workers register", Limits.Startup);
        using var stop = new CancellationTokenSource();
        var load = Task.WhenAll(Enumerable.Range(0, 16).Select(lane => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                try
                {
                    Assert.Equal(lane + i, await client.QueueAsync(new Add(lane, i), cancellationToken: stop.Token));
                }
                catch (Exception ex) when (ex is ArgonConnectionException or OperationCanceledException)
                {
                    // Lost with the manager, or the test is over.
                }
            }
        })));

        for (var kill = 1; kill <= 3; kill++)
        {
            await Eventually.StatusAsync(client, s => s.Workers.Count == 2 && s.Completed > 200, $"tasks flow before kill {kill}", Limits.Call);
            await manager.KillAsync();
            await manager.RestartAsync();
            var watch = Stopwatch.StartNew();
            await using var status = await ArgonClient.ConnectAsync(manager.ClientOptions());
            try
            {
                await Eventually.StatusAsync(status, s => s.Workers.Count == 2, $"both workers register again after kill {kill}", TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException ex)
            {
                var dead = workers.Where(w => w.HasExited).Select(w => $"{w.Name} exited; its last output:\n{string.Join('\n', w.Lines.TakeLast(5))}");
                throw new TimeoutException($"{ex.Message}\n{string.Join('\n', dead)}", ex);
            }

            output.WriteLine($"kill {kill}: both workers registered again {watch.Elapsed.TotalSeconds:0.00} s after the manager listened");
        }

        await stop.CancelAsync();
        await load.WaitAsync(Limits.Call);
        Assert.All(workers, w => Assert.False(w.HasExited, $"{w.Name} exited"));
    }

    [Fact]
    public async Task WorkerFrozen_ItsTasksAreRedispatchedWithinTheHeartbeatTimeout()
    {
        const int SleepMs = 1000;
        await using var manager = await RestartableManager.StartAsync(Heartbeat);
        await using var client = await ArgonClient.ConnectAsync(WithHeartbeat(manager.ClientOptions()));
        await using var frozen = ArgonProcess.Start("worker 1", manager.WorkerArguments(capacity: 2, Heartbeat));
        await using var healthy = ArgonProcess.Start("worker 2", manager.WorkerArguments(capacity: 2, Heartbeat));
        await Eventually.StatusAsync(client, s => s.Workers.Count == 2, "both workers register", Limits.Startup);

        var calls = Enumerable.Range(0, 4).Select(_ => client.QueueAsync(new Sleep(SleepMs))).ToArray();
        await Eventually.StatusAsync(client, s => s.Workers.Count == 2 && s.Workers.All(w => w.InFlight >= 1), "both workers run tasks");
        var from = manager.Process.Lines.Count;
        var watch = Stopwatch.StartNew();
        frozen.Freeze(true);
        try
        {
            var lost = await Eventually.LineAfterAsync(manager.Process, from,
                l => l.Contains(" lost:", StringComparison.Ordinal) && IsNode(l, frozen, " at "), HeartbeatTimeout + DetectionMargin + Limits.Reaction);
            var redispatched = watch.Elapsed;
            output.WriteLine($"{redispatched.TotalSeconds:0.00} s: {lost}");
            Assert.True(redispatched <= HeartbeatTimeout + DetectionMargin,
                $"the frozen worker's tasks were queued again after {redispatched.TotalSeconds:0.00} s; the bound is " +
                $"{(HeartbeatTimeout + DetectionMargin).TotalSeconds:0.0} s (heartbeat timeout {HeartbeatTimeout.TotalSeconds:0} s + margin)");
            Assert.True(int.Parse(Requeued().Match(lost).Groups[1].Value, CultureInfo.InvariantCulture) >= 1, $"nothing was queued again: {lost}");

            var results = await Task.WhenAll(calls).WaitAsync(Limits.Call);
            var done = watch.Elapsed;
            Assert.All(results, r => Assert.Equal(SleepMs, r));
            var bound = HeartbeatTimeout + DetectionMargin + 2 * TimeSpan.FromMilliseconds(SleepMs);
            Assert.True(done <= bound, $"the tasks finished {done.TotalSeconds:0.00} s after the freeze; the bound is {bound.TotalSeconds:0.0} s");
        }
        finally
        {
            frozen.Freeze(false);
        }

        // Thawed, it finds its connection dead and registers again.
        await Eventually.StatusAsync(client, s => s.Workers.Count == 2 && s.Workers.Any(w => IsNode(w.NodeId, frozen)),
            "the thawed worker registers again", Limits.Call);
    }

    [Fact]
    public async Task ManagerFrozen_WorkerAndClientNoticeWithinTheirHeartbeatTimeout()
    {
        await using var manager = await RestartableManager.StartAsync(Heartbeat);
        var client = await ArgonClient.ConnectAsync(WithHeartbeat(manager.ClientOptions()));
        await using var worker = ArgonProcess.Start("worker", manager.WorkerArguments(capacity: 1, Heartbeat));
        await using (client)
        {
            await Eventually.StatusAsync(client, s => s.Workers.Count == 1, "the worker registers", Limits.Startup);
            var call = client.QueueAsync(new Sleep(30_000));
            await Eventually.StatusAsync(client, s => s.InFlight == 1, "the task runs");
            var from = worker.Lines.Count;
            var watch = Stopwatch.StartNew();
            manager.Process.Freeze(true);
            try
            {
                var error = Assert.IsType<ArgonConnectionException>(await FailureWithinAsync(call, Limits.Call, "a task running when its manager froze"));
                var clientNoticed = watch.Elapsed;
                Assert.True(error.IsTransient);
                var line = await Eventually.LineAfterAsync(worker, from, l => l.Contains("Connection to manager", StringComparison.Ordinal),
                    HeartbeatTimeout + DetectionMargin + Limits.Reaction);
                var workerNoticed = watch.Elapsed;
                output.WriteLine($"client noticed after {clientNoticed.TotalSeconds:0.00} s ({error.Message}); worker after {workerNoticed.TotalSeconds:0.00} s: {line}");
                Assert.True(clientNoticed <= HeartbeatTimeout + DetectionMargin,
                    $"the client noticed its frozen manager after {clientNoticed.TotalSeconds:0.00} s (heartbeat timeout {HeartbeatTimeout.TotalSeconds:0} s)");
                Assert.True(workerNoticed <= HeartbeatTimeout + DetectionMargin,
                    $"the worker noticed its frozen manager after {workerNoticed.TotalSeconds:0.00} s (heartbeat timeout {HeartbeatTimeout.TotalSeconds:0} s): {line}");
            }
            finally
            {
                manager.Process.Freeze(false);
            }
        }

        await using var after = await ArgonClient.ConnectAsync(WithHeartbeat(manager.ClientOptions()));
        await Eventually.StatusAsync(after, s => s.Workers.Count == 1, "the worker registers again with the thawed manager", Limits.Call);
    }

    [Fact]
    public async Task WorkerSigterm_WithATaskInFlight_FinishesItExitsZeroAndLeavesStatus()
    {
        await using var manager = await RestartableManager.StartAsync();
        await using var client = await ArgonClient.ConnectAsync(manager.ClientOptions());
        await using var worker = ArgonProcess.Start("worker", manager.WorkerArguments(capacity: 1, ["--drain-timeout", "10s"]));
        await Eventually.StatusAsync(client, s => s.Workers.Count == 1, "the worker registers", Limits.Startup);
        var call = client.QueueAsync(new Sleep(2000));
        await Eventually.StatusAsync(client, s => s.InFlight == 1, "the task runs");
        var from = manager.Process.Lines.Count;
        var watch = Stopwatch.StartNew();

        worker.Terminate();

        // No other worker could take the task: only the draining one can have finished it.
        Assert.Equal(2000, await call.WaitAsync(Limits.Call));
        var exitCode = await Eventually.ExitAsync(worker, Limits.Call);
        output.WriteLine($"the task finished and the worker exited after {watch.Elapsed.TotalSeconds:0.00} s");
        Assert.Equal(0, exitCode);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"the drain took {watch.Elapsed.TotalSeconds:0.0} s, past --drain-timeout 10s");
        var status = await Eventually.StatusAsync(client, s => s.Workers.Count == 0, "the drained worker leaves the manager's status");
        Assert.Equal(1, status.Completed);
        Assert.Equal(0, status.Failed);
        Assert.DoesNotContain(manager.Process.Lines.Skip(from), l => Requeued().Match(l) is { Success: true } m && m.Groups[1].Value != "0");

        // It said Goodbye holding nothing: the manager logs that it left, not that it was lost.
        await Eventually.LineAfterAsync(manager.Process, from, l => l.Contains(" left: the worker is shutting down", StringComparison.Ordinal));
        Assert.DoesNotContain(manager.Process.Lines.Skip(from), l => l.Contains(" lost:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ManagerSigterm_WithTasksThatCannotFinish_EveryCallerGetsAClearErrorAfterTheDrainTimeout()
    {
        await using var manager = await RestartableManager.StartAsync(["--drain-timeout", "2s"]);
        await using var client = await ArgonClient.ConnectAsync(manager.ClientOptions());
        await using var worker = ArgonProcess.Start("worker", manager.WorkerArguments(capacity: 1));
        await Eventually.StatusAsync(client, s => s.Workers.Count == 1, "the worker registers", Limits.Startup);
        var calls = Enumerable.Range(0, 5).Select(_ => client.QueueAsync(new Sleep(30_000))).ToArray();
        await Eventually.StatusAsync(client, s => s.InFlight >= 1 && s.InFlight + s.Queued == 5, "one task runs and the rest wait");

        var watch = Stopwatch.StartNew();
        manager.Process.Terminate();

        try
        {
            foreach (var call in calls)
            {
                var error = Assert.IsAssignableFrom<ArgonException>(await FailureWithinAsync(call, Limits.Reaction, "a task queued on a manager that got SIGTERM"));
                Assert.Contains("shutting down", error.Message, StringComparison.Ordinal);
            }
        }
        catch
        {
            output.WriteLine($"after {watch.Elapsed.TotalSeconds:0.0} s: manager (exited: {manager.Process.HasExited}):\n{string.Join('\n', manager.Process.Lines)}\nworker:\n{string.Join('\n', worker.Lines)}");
            throw;
        }

        output.WriteLine($"every caller had its error {watch.Elapsed.TotalSeconds:0.00} s after SIGTERM (--drain-timeout 2s)");
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(2) - TimeSpan.FromMilliseconds(100), "the accepted tasks were failed before the drain timeout");
        Assert.Equal(0, await Eventually.ExitAsync(manager.Process, Limits.Call));
    }

    [Fact]
    public async Task ClientWithReconnect_ManagerKilledAndRestarted_WaitingCallFailsTransientlyAndNextCallSucceeds()
    {
        await using var manager = await RestartableManager.StartAsync();
        await using var client = await ArgonClient.ConnectAsync(manager.ClientOptions(reconnect: true));
        await using var worker = ArgonProcess.Start("worker", manager.WorkerArguments(capacity: 1));
        await Eventually.StatusAsync(client, s => s.Workers.Count == 1, "the worker registers", Limits.Startup);
        Assert.Equal(7, await client.QueueAsync(new Add(3, 4)).WaitAsync(Limits.Call));
        var waiting = client.QueueAsync(new Sleep(30_000));
        await Eventually.StatusAsync(client, s => s.InFlight == 1, "the long task runs");

        await manager.KillAsync();

        var error = Assert.IsType<ArgonConnectionException>(await FailureWithinAsync(waiting, Limits.Reaction, "a task running when its manager was killed"));
        Assert.True(error.IsTransient, $"a call lost with its connection is transient: {error.Message}");
        await manager.RestartAsync();

        // The same client, without being told: its next call waits for the new connection and succeeds.
        Assert.Equal(11, await client.QueueAsync(new Add(5, 6)).WaitAsync(Limits.Call));
        Assert.True(client.IsConnected);
        await Eventually.StatusAsync(client, s => s.Workers.Count == 1, "the worker is back with the new manager", Limits.Call);
    }

    [Fact]
    public async Task ClientProbingLessOftenThanTheManagersTimeout_Idle_StaysConnected()
    {
        // The manager's operator set its timeout below the client's keep-alive interval: the client must still be
        // judged alive, by its answers to the manager's own probes. (Margins are seconds, so a 2-core machine busy
        // starting the worker cannot stall either side past them.)
        await using var manager = await RestartableManager.StartAsync(Heartbeat);
        var options = manager.ClientOptions();
        options.HeartbeatInterval = 2.5 * HeartbeatTimeout;
        options.HeartbeatTimeout = 7.5 * HeartbeatTimeout;
        await using var client = await ArgonClient.ConnectAsync(options);
        await using var worker = ArgonProcess.Start("worker", manager.WorkerArguments(capacity: 1, Heartbeat));
        await Eventually.StatusAsync(client, s => s.Workers.Count == 1, "the worker registers", Limits.Startup);

        // Idle for two of the manager's timeouts, as clients are between bursts, and never probing in that time.
        await Task.Delay(2 * HeartbeatTimeout);

        Assert.True(client.IsConnected, "the manager dropped a healthy idle client as silent");
        Assert.Equal(3, await client.QueueAsync(new Add(1, 2)).WaitAsync(Limits.Call));
    }

    /// <summary>The exception <paramref name="call"/> ends with; fails the test when it succeeds or has no outcome in time.</summary>
    private static async Task<Exception> FailureWithinAsync<T>(Task<T> call, TimeSpan within, string what)
    {
        try
        {
            await call.WaitAsync(within);
        }
        catch (TimeoutException) when (!call.IsCompleted)
        {
            Assert.Fail($"No outcome within {within.TotalSeconds:0} s: {what}.");
        }
        catch (Exception ex)
        {
            return ex;
        }

        Assert.Fail($"Expected a failure, but the call succeeded: {what}.");
        return null!;
    }

    /// <summary>The same heartbeat as the processes, so a live client is never judged by another's interval.</summary>
    private static ArgonClientOptions WithHeartbeat(ArgonClientOptions options)
    {
        options.HeartbeatInterval = HeartbeatInterval;
        options.HeartbeatTimeout = HeartbeatTimeout;
        return options;
    }

    /// <summary>Runs `argon status --json` and returns the node ids of the workers it lists (none when it fails).</summary>
    private static async Task<IReadOnlyList<string>> StatusCommandWorkersAsync(RestartableManager manager)
    {
        await using var status = ArgonProcess.Start("argon status", manager.StatusArguments());
        var exitCode = await Eventually.ExitAsync(status, Limits.Command);
        var text = string.Join('\n', status.Lines);
        if (exitCode != 0)
        {
            return [];
        }

        using var json = JsonDocument.Parse(text[text.IndexOf('{', StringComparison.Ordinal)..]);
        return [.. json.RootElement.GetProperty("Workers").EnumerateArray().Select(w => w.GetProperty("NodeId").GetString() ?? "")];
    }

    /// <summary>Worker node ids are `worker@HOST:PID`; <paramref name="after"/> is what follows the id in a log line.</summary>
    private static bool IsNode(string text, ArgonProcess worker, string after = "") =>
        after.Length == 0
            ? text.EndsWith(":" + worker.Pid.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            : text.Contains(":" + worker.Pid.ToString(CultureInfo.InvariantCulture) + after, StringComparison.Ordinal);

    [GeneratedRegex(@"; (\d+) task\(s\) queued again")]
    private static partial Regex Requeued();
}
