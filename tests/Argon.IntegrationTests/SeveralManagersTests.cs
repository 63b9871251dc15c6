using System.Globalization;
using Argon.Cli.Processes;
using Argon.IntegrationTests.Infrastructure;
using Argon.Samples;
using Argon.TestTasks;

namespace Argon.IntegrationTests;

/// <summary>
/// One real worker registered with two real managers (`--manager a,b`), both on loopback and holding the same key:
/// both managers' clients are served at once, the worker never runs more than its capacity (its own metrics say),
/// it keeps serving one manager while the other is killed and rejoins it when it comes back, and the shares of its
/// executors follow the load, as each manager's status shows.
/// </summary>
public sealed class SeveralManagersTests
{
    [Fact]
    public async Task Worker_WithTwoManagersUnderLoad_CompletesEveryCall_AndNeverRunsMoreThanItsCapacity()
    {
        const int capacity = 2;
        await using var pair = await ManagerPair.StartAsync();
        await using var worker = pair.StartWorker(capacity);
        var metrics = await HttpScrape.UrlAsync(worker, "worker");
        await using var clientA = await ArgonClient.ConnectAsync(pair.A.ClientOptions());
        await using var clientB = await ArgonClient.ConnectAsync(pair.B.ClientOptions(reconnect: false));
        await pair.WaitRegisteredAsync(clientA, clientB, worker);

        var calls = Enumerable.Range(0, 60)
            .Select(i => (i % 2 == 0 ? clientA : clientB).QueueAsync(new Add(i, 1000)))
            .ToList();
        var results = await Task.WhenAll(calls).WaitAsync(2 * Limits.Call);

        Assert.Equal(Enumerable.Range(0, 60).Select(i => i + 1000), results);
        var sleeps = Enumerable.Range(0, 24)
            .Select(i => (i % 2 == 0 ? clientA : clientB).QueueAsync(new Sleep(20 + i % 3 * 10)))
            .ToList();
        Assert.All(await Task.WhenAll(sleeps).WaitAsync(2 * Limits.Call), ms => Assert.InRange(ms, 20, 40));

        var scrape = await HttpScrape.MetricsAsync(metrics);
        Assert.Equal("gauge", scrape.TypesByFamily["argon_worker_tasks_running_peak"]);
        Assert.InRange(scrape.Value("argon_worker_tasks_running_peak"), 1, capacity);
    }

    [Fact]
    public async Task Worker_WhenOneManagerIsKilled_KeepsServingTheOther_AndRejoinsItOnItsReturn()
    {
        const int capacity = 2;
        await using var pair = await ManagerPair.StartAsync();
        await using var worker = pair.StartWorker(capacity);
        await using var clientA = await ArgonClient.ConnectAsync(pair.A.ClientOptions());
        await using var clientB = await ArgonClient.ConnectAsync(pair.B.ClientOptions());
        await pair.WaitRegisteredAsync(clientA, clientB, worker);

        // B's load is under way across the kill of A, and none of its calls is disturbed.
        var sleeps = Enumerable.Range(0, 30).Select(_ => clientB.QueueAsync(new Sleep(30))).ToList();
        await pair.A.KillAsync();
        Assert.All(await Task.WhenAll(sleeps).WaitAsync(2 * Limits.Call), ms => Assert.Equal(30, ms));

        // Alone with B, the worker gives it every executor.
        await Eventually.StatusAsync(clientB, s => s.Workers.Count == 1 && s.Workers[0].Capacity == capacity,
            "the surviving manager sees the whole capacity");
        Assert.Equal(7, await clientB.QueueAsync(new Add(3, 4)).WaitAsync(Limits.Call));

        await pair.A.RestartAsync();
        await using var clientA2 = await ArgonClient.ConnectAsync(pair.A.ClientOptions());
        await Eventually.StatusAsync(clientA2, s => s.Workers.Count == 1, "the worker registers again with the restarted manager", Limits.Startup);
        var again = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => clientA2.QueueAsync(new Add(i, i)))).WaitAsync(Limits.Call);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => 2 * i), again);
        Assert.Equal(9, await clientB.QueueAsync(new Add(4, 5)).WaitAsync(Limits.Call));
    }

    [Fact]
    public async Task Shares_FollowTheLoad_TheOnlyBusyManagerGetsAllButOneExecutor()
    {
        const int capacity = 4;
        await using var pair = await ManagerPair.StartAsync();
        await using var worker = pair.StartWorker(capacity);
        await using var clientA = await ArgonClient.ConnectAsync(pair.A.ClientOptions());
        await using var clientB = await ArgonClient.ConnectAsync(pair.B.ClientOptions());
        await pair.WaitRegisteredAsync(clientA, clientB, worker);

        await LoadWhileAsync(clientB, async () =>
        {
            await Eventually.StatusAsync(clientB, s => s.Workers.Single().Capacity == capacity - 1, "B, the only one with load, has all but one executor");
            await Eventually.StatusAsync(clientA, s => s.Workers.Single().Capacity == 1, "A, idle, keeps one executor");
        });

        await LoadWhileAsync(clientA, async () =>
        {
            await Eventually.StatusAsync(clientA, s => s.Workers.Single().Capacity == capacity - 1, "now A, the only one with load, has all but one");
            await Eventually.StatusAsync(clientB, s => s.Workers.Single().Capacity == 1, "and B, idle now, one");
        });
    }

    [Fact]
    public async Task ATaskThatCannotStartSoon_GoesBackToItsManager_AndRunsOnAnotherWorker()
    {
        using var runLog = new TempDirectory();
        await using var pair = await ManagerPair.StartAsync();
        await using var shared = pair.StartWorker(capacity: 1, TaskLibrary.All);
        await using var clientA = await ArgonClient.ConnectAsync(pair.A.ClientOptions());
        await using var clientB = await ArgonClient.ConnectAsync(pair.B.ClientOptions());
        await pair.WaitRegisteredAsync(clientA, clientB, shared);

        // A second worker that serves B alone, registered after the shared one (which wins B's ties).
        await using var onlyB = ArgonProcess.Start("worker of B",
        [
            "worker", "--manager", $"127.0.0.1:{pair.B.Port}", "--capacity", "1", "--key", pair.A.KeyFile, "--load", TaskLibrary.AssemblyPath,
        ]);
        var onlyBNode = ":" + onlyB.Pid.ToString(CultureInfo.InvariantCulture);
        await Eventually.StatusAsync(clientB, s => s.Workers.Count == 2, "B lists both workers", Limits.Startup);

        // A's long task runs on the shared worker's only executor (its body has started); B's task is sent there
        // first, cannot start, and goes back to B, which runs it on its other worker.
        var longCall = clientA.QueueAsync(new LoggedRun(runLog.Path, 1, 5000));
        await BodyStartedAsync(runLog.Path);
        Assert.Equal(7, await clientB.QueueAsync(new Add(3, 4)).WaitAsync(Limits.Call));

        Assert.False(longCall.IsCompleted, "B's task waited for A's long one instead of going elsewhere");
        var status = await clientB.GetStatusAsync();
        Assert.Equal(1, status.Workers.Single(w => w.NodeId.EndsWith(onlyBNode, StringComparison.Ordinal)).Completed);
        Assert.Equal(0, status.Workers.Single(w => !w.NodeId.EndsWith(onlyBNode, StringComparison.Ordinal)).Completed);
        Assert.Equal(1, await longCall.WaitAsync(Limits.Call));
    }

    [Fact]
    public async Task Worker_GivenItsManagersInArgonManager_RegistersWithEach()
    {
        await using var pair = await ManagerPair.StartAsync();
        await using var worker = ArgonProcess.Start("worker of ARGON_MANAGER",
            ["worker", "--capacity", "1", "--key", pair.A.KeyFile, "--load", TaskLibrary.AssemblyPath],
            new Dictionary<string, string> { ["ARGON_MANAGER"] = $"127.0.0.1:{pair.A.Port},127.0.0.1:{pair.B.Port}" });
        await using var clientA = await ArgonClient.ConnectAsync(pair.A.ClientOptions());
        await using var clientB = await ArgonClient.ConnectAsync(pair.B.ClientOptions());

        await pair.WaitRegisteredAsync(clientA, clientB, worker);

        Assert.Equal(3, await clientA.QueueAsync(new Add(1, 2)).WaitAsync(Limits.Call));
        Assert.Equal(5, await clientB.QueueAsync(new Add(2, 3)).WaitAsync(Limits.Call));
    }

    [Fact]
    public async Task Worker_OnSigterm_DrainsEveryLink_FinishingTheTasksOfBothManagers()
    {
        await using var pair = await ManagerPair.StartAsync();
        await using var worker = pair.StartWorker(capacity: 2);
        await using var clientA = await ArgonClient.ConnectAsync(pair.A.ClientOptions());
        await using var clientB = await ArgonClient.ConnectAsync(pair.B.ClientOptions());
        await pair.WaitRegisteredAsync(clientA, clientB, worker);
        var callA = clientA.QueueAsync(new Sleep(1500));
        var callB = clientB.QueueAsync(new Sleep(1500));
        await Eventually.StatusAsync(clientA, s => s.InFlight == 1, "A's task is on the worker");
        await Eventually.StatusAsync(clientB, s => s.InFlight == 1, "B's task is on the worker");

        ExecutorProcesses.Signal(worker.Pid, "TERM");

        Assert.Equal(1500, await callA.WaitAsync(Limits.Call));
        Assert.Equal(1500, await callB.WaitAsync(Limits.Call));
        Assert.Equal(0, await Eventually.ExitAsync(worker, Limits.Call));
        await Eventually.StatusAsync(clientA, s => s.Workers.Count == 0, "A no longer lists the worker");
        await Eventually.StatusAsync(clientB, s => s.Workers.Count == 0, "B no longer lists the worker");
    }

    /// <summary>Waits, with a deadline, for a LoggedRun body to have written its start into <paramref name="directory"/>.</summary>
    private static async Task BodyStartedAsync(string directory)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (Directory.GetFiles(directory, "*.log").Length == 0)
        {
            Assert.True(watch.Elapsed < Limits.Call, "A's long task never started");
            await Task.Delay(TimeSpan.FromMilliseconds(25));
        }
    }

    /// <summary>Keeps 2 × 4 Sleep calls in flight on <paramref name="client"/> until <paramref name="check"/> is done; every call must succeed.</summary>
    private static async Task LoadWhileAsync(ArgonClient client, Func<Task> check)
    {
        using var stop = new CancellationTokenSource();
        var lanes = Enumerable.Range(0, 8).Select(async _ =>
        {
            var done = 0;
            while (!stop.IsCancellationRequested)
            {
                Assert.Equal(40, await client.QueueAsync(new Sleep(40)).WaitAsync(Limits.Call));
                done++;
            }

            return done;
        }).ToList();
        try
        {
            await check();
        }
        finally
        {
            await stop.CancelAsync();
        }

        Assert.All(await Task.WhenAll(lanes).WaitAsync(Limits.Call), done => Assert.True(done > 0));
    }
}
