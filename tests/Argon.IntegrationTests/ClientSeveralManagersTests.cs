using System.Diagnostics;
using System.Globalization;
using Argon.Cli.Processes;
using Argon.IntegrationTests.Infrastructure;
using Argon.Samples;
using Argon.TestTasks;

namespace Argon.IntegrationTests;

/// <summary>
/// A client with several managers (issue 18): two real managers on loopback holding the same key file, each with a
/// real worker of its own, and one client with <see cref="ArgonClientOptions.Managers"/> = [a, b]. Each manager's
/// own status (read by a client of that manager alone) says how many calls it accepted.
/// </summary>
public sealed class ClientSeveralManagersTests
{
    private const int Capacity = 4;

    [Fact]
    public async Task Calls_AreSpreadOverBothManagers_WithAndWithoutRetry()
    {
        await using var pair = await ManagerPair.StartAsync();
        await using var client = await ArgonClient.ConnectAsync(pair.ClientOptions(retry: true));
        await using var plain = await ArgonClient.ConnectAsync(pair.ClientOptions(retry: false));

        // With Retry the calls wait for each manager's credit; without it they are submitted at once. Both spread.
        var withCredit = Enumerable.Range(0, 200).Select(i => client.QueueAsync(new Echo(i))).ToArray();
        Assert.Equal(Enumerable.Range(0, 200), await Task.WhenAll(withCredit).WaitAsync(Limits.Call));
        var atOnce = Enumerable.Range(0, 200).Select(i => plain.QueueAsync(new Echo(i))).ToArray();
        Assert.Equal(Enumerable.Range(0, 200), await Task.WhenAll(atOnce).WaitAsync(Limits.Call));

        var a = await pair.A.StatusAsync();
        var b = await pair.B.StatusAsync();
        Assert.Equal(400, a.Submitted + b.Submitted);
        Assert.True(a.Submitted >= 100 && b.Submitted >= 100, $"not a fair share: a accepted {a.Submitted}, b {b.Submitted}");
    }

    [Fact]
    public async Task ManagerKilledUnderLoad_WithRetry_EveryCallGetsOneCorrectOutcome_AndNewCallsGoToTheLiveOne()
    {
        await using var pair = await ManagerPair.StartAsync();
        using var log = new TempDirectory();
        await using var client = await ArgonClient.ConnectAsync(pair.ClientOptions(retry: true));

        var calls = Enumerable.Range(0, 400).Select(i => client.QueueAsync(new LoggedRun(log.Path, i, 30))).ToArray();
        await pair.A.WaitAsync(s => s.Completed >= 20 && s.InFlight > 0, "manager a runs part of the batch");
        await pair.B.WaitAsync(s => s.Completed >= 20 && s.InFlight > 0, "manager b runs part of the batch");

        await pair.A.KillAsync();

        // Every call has its own id back, once: those on the killed manager moved to b (and may have run twice).
        var results = await Task.WhenAll(calls).WaitAsync(Limits.Call * 2);
        Assert.Equal(Enumerable.Range(0, 400), results);

        // New calls go to b at once: none fails, and b accepted every one of them.
        var after = (await pair.B.StatusAsync()).Submitted;
        var later = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => client.QueueAsync(new Echo(i)))).WaitAsync(Limits.Call);
        Assert.Equal(Enumerable.Range(0, 50), later);
        Assert.Equal(after + 50, (await pair.B.StatusAsync()).Submitted);
        Assert.Equal(await WorkerOfAsync(pair.B), Assert.Single((await client.GetStatusAsync().WaitAsync(Limits.Call)).Workers).NodeId);
    }

    [Fact]
    public async Task ManagerKilled_WithoutRetry_ItsCallsFailNamingIt_TheOthersSucceed()
    {
        await using var pair = await ManagerPair.StartAsync();
        using var log = new TempDirectory();
        await using var client = await ArgonClient.ConnectAsync(pair.ClientOptions(retry: false));

        // Long enough to be in flight at the kill; few enough to fit both workers at once (no Deny without Retry).
        var calls = Enumerable.Range(0, 2 * Capacity).Select(i => client.QueueAsync(new LoggedRun(log.Path, i, 3000))).ToArray();
        await pair.A.WaitAsync(s => s.InFlight > 0, "manager a runs its share");
        await pair.B.WaitAsync(s => s.InFlight > 0, "manager b runs its share");

        await pair.A.KillAsync();

        var failed = 0;
        for (var i = 0; i < calls.Length; i++)
        {
            try
            {
                Assert.Equal(i, await calls[i].WaitAsync(Limits.Call));
            }
            catch (ArgonConnectionException ex)
            {
                failed++;
                Assert.Contains(pair.A.Endpoint, ex.Message, StringComparison.Ordinal);
                Assert.True(ex.IsTransient);
            }
        }

        Assert.InRange(failed, 1, calls.Length - 1);

        // The client goes on with b alone.
        Assert.Equal(7, await client.QueueAsync(new Echo(7)).WaitAsync(Limits.Call));
        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task ManagerShuttingDown_NewCallsGoToTheOtherAtOnce_AndItsAcceptedCallFinishes()
    {
        await using var pair = await ManagerPair.StartAsync();
        using var log = new TempDirectory();
        await using var client = await ArgonClient.ConnectAsync(pair.ClientOptions(retry: false));
        // Managers share a node name on one host; each one's worker tells them apart in a status.
        var workerOfA = await WorkerOfAsync(pair.A);
        var workerOfB = await WorkerOfAsync(pair.B);
        Assert.NotEqual(workerOfA, workerOfB);
        Assert.Equal(workerOfA, Assert.Single((await client.GetStatusAsync().WaitAsync(Limits.Call)).Workers).NodeId); // the first manager given

        // One long call on each manager, so a drains (up to its 10 s drain timeout) with one accepted call.
        var held = Enumerable.Range(0, 2).Select(i => client.QueueAsync(new LoggedRun(log.Path, i, 4000))).ToArray();
        await pair.A.WaitAsync(s => s.InFlight == 1, "a runs one of the long calls");
        await pair.B.WaitAsync(s => s.InFlight == 1, "b runs the other");

        pair.A.Terminate();

        // The client heard a's Drain when its status comes from b, the first manager that takes calls now. From
        // then on, without Retry, no call fails: none goes to a.
        await Eventually.StatusAsync(client, s => s.Workers.Count == 1 && s.Workers[0].NodeId == workerOfB, "the client hears a's Drain");

        var later = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => client.QueueAsync(new Echo(i)))).WaitAsync(Limits.Call);
        Assert.Equal(Enumerable.Range(0, 20), later);
        var results = await Task.WhenAll(held).WaitAsync(Limits.Call);
        Assert.Equal(new[] { 0, 1 }, results);
    }

    [Fact]
    public async Task CallMovedAfterItsManagerDied_IsCancelledOnTheManagerThatHoldsItNow()
    {
        await using var pair = await ManagerPair.StartAsync();
        using var log = new TempDirectory();
        await using var client = await ArgonClient.ConnectAsync(pair.ClientOptions(retry: true));
        using var cancel = new CancellationTokenSource();

        var call = client.QueueAsync(new LoggedRun(log.Path, 1, 120_000), cancellationToken: cancel.Token);
        var holder = await FirstRunningAsync(pair.A, pair.B);
        var other = holder == pair.A ? pair.B : pair.A;
        await holder.KillAsync();
        await other.WaitAsync(s => s.InFlight == 1, "the call moves to the other manager and runs there");

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(Limits.Reaction));
        await other.WaitAsync(s => s.InFlight == 0, "the other manager heard the Cancel and stopped the task", Limits.Reaction);
    }

    /// <summary>The node id of the one worker of <paramref name="manager"/>.</summary>
    private static async Task<string> WorkerOfAsync(KeyedManager manager) => Assert.Single((await manager.StatusAsync()).Workers).NodeId;

    /// <summary>The manager whose worker runs the one call in flight.</summary>
    private static async Task<KeyedManager> FirstRunningAsync(KeyedManager a, KeyedManager b)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if ((await a.StatusAsync()).InFlight > 0)
            {
                return a;
            }

            if ((await b.StatusAsync()).InFlight > 0)
            {
                return b;
            }

            Assert.True(watch.Elapsed < Limits.Call, "the call never ran");
            await Task.Delay(TimeSpan.FromMilliseconds(25));
        }
    }

    [Fact]
    public async Task KilledManagerComesBackOnItsPort_WithReconnect_TheClientUsesItAgain()
    {
        await using var pair = await ManagerPair.StartAsync();
        await using var client = await ArgonClient.ConnectAsync(pair.ClientOptions(retry: true, reconnect: true));
        Assert.Equal(Enumerable.Range(0, 20), await Task.WhenAll(Enumerable.Range(0, 20).Select(i => client.QueueAsync(new Echo(i)))).WaitAsync(Limits.Call));

        await pair.A.KillAsync();
        Assert.Equal(Enumerable.Range(0, 20), await Task.WhenAll(Enumerable.Range(0, 20).Select(i => client.QueueAsync(new Echo(i)))).WaitAsync(Limits.Call));

        await pair.A.RestartAsync();
        await pair.A.WaitAsync(s => s.Workers.Count == 1, "a's worker registers with the new manager", Limits.Startup);

        // Calls keep succeeding, and the returned manager takes its share again.
        var watch = Stopwatch.StartNew();
        while ((await pair.A.StatusAsync()).Submitted == 0)
        {
            Assert.True(watch.Elapsed < Limits.Call, "the client never used the returned manager");
            Assert.Equal(Enumerable.Range(0, 20), await Task.WhenAll(Enumerable.Range(0, 20).Select(i => client.QueueAsync(new Echo(i)))).WaitAsync(Limits.Call));
        }
    }

    [Fact]
    public async Task OneManagerDownAtConnect_ConnectSucceeds_AndWithReconnectTheClientUsesItOnceUp()
    {
        await using var pair = await ManagerPair.StartAsync();
        await pair.A.KillAsync();

        await using var client = await ArgonClient.ConnectAsync(pair.ClientOptions(retry: true, reconnect: true));
        Assert.Equal(3, await client.QueueAsync(new Echo(3)).WaitAsync(Limits.Call));

        await pair.A.RestartAsync();
        await pair.A.WaitAsync(s => s.Workers.Count == 1, "a's worker registers with the new manager", Limits.Startup);
        var watch = Stopwatch.StartNew();
        while ((await pair.A.StatusAsync()).Submitted == 0)
        {
            Assert.True(watch.Elapsed < Limits.Call, "the client never used the manager that was down at connect");
            Assert.Equal(Enumerable.Range(0, 20), await Task.WhenAll(Enumerable.Range(0, 20).Select(i => client.QueueAsync(new Echo(i)))).WaitAsync(Limits.Call));
        }
    }

    [Fact]
    public async Task NoManagerReachable_ConnectFailsNamingEach()
    {
        await using var pair = await ManagerPair.StartAsync(workers: false);
        await pair.A.KillAsync();
        await pair.B.KillAsync();

        var error = await Assert.ThrowsAsync<ArgonConnectionException>(() => ArgonClient.ConnectAsync(pair.ClientOptions(retry: true, reconnect: true)));

        Assert.Contains(pair.A.Endpoint, error.Message, StringComparison.Ordinal);
        Assert.Contains(pair.B.Endpoint, error.Message, StringComparison.Ordinal);
    }

    /// <summary>Two managers with one key file, each with a worker of its own (workers serve one manager each).</summary>
    private sealed class ManagerPair : IAsyncDisposable
    {
        private readonly TempDirectory _directory;

        private ManagerPair(TempDirectory directory, string keyFile, KeyedManager a, KeyedManager b)
        {
            _directory = directory;
            KeyFile = keyFile;
            A = a;
            B = b;
        }

        public string KeyFile { get; }

        public KeyedManager A { get; }

        public KeyedManager B { get; }

        public static async Task<ManagerPair> StartAsync(bool workers = true)
        {
            var directory = new TempDirectory();
            var keyFile = Path.Combine(directory.Path, "key");
            Argon.Cli.Commands.KeygenCommand.Write(keyFile, overwrite: false);
            var a = await KeyedManager.StartAsync("a", keyFile, workers);
            var b = await KeyedManager.StartAsync("b", keyFile, workers);
            return new ManagerPair(directory, keyFile, a, b);
        }

        public ArgonClientOptions ClientOptions(bool retry, bool reconnect = false) => new()
        {
            Managers = [A.Endpoint, B.Endpoint],
            KeyFile = KeyFile,
            Retry = retry,
            Reconnect = reconnect,
            ConnectTimeout = TimeSpan.FromSeconds(5),
        };

        public async ValueTask DisposeAsync()
        {
            await A.DisposeAsync();
            await B.DisposeAsync();
            _directory.Dispose();
        }
    }

    /// <summary>
    /// A real `argon manager` on loopback with a given key file, its worker, and a client of that manager alone (to
    /// read its status); it can be killed -9 and started again on the same port.
    /// </summary>
    private sealed class KeyedManager : IAsyncDisposable
    {
        private readonly RestartableManager _manager;
        private readonly string _keyFile;
        private ArgonProcess? _worker;
        private ArgonClient? _observer;

        private KeyedManager(RestartableManager manager, string keyFile)
        {
            _manager = manager;
            _keyFile = keyFile;
        }

        public int Port => _manager.Port;

        public string Endpoint => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

        public static async Task<KeyedManager> StartAsync(string name, string keyFile, bool withWorker)
        {
            var manager = new KeyedManager(await RestartableManager.StartAsync(keyFile: keyFile), keyFile);
            try
            {
                if (withWorker)
                {
                    manager._worker = ArgonProcess.Start($"worker of {name}",
                    [
                        "worker", "--manager", manager.Endpoint, "--capacity", Capacity.ToString(CultureInfo.InvariantCulture), "--key", keyFile,
                        "--load", TaskLibrary.AssemblyPath, "--load", TaskLibrary.TestTasksPath,
                    ]);
                    await manager.WaitAsync(s => s.Workers.Count == 1, $"the worker of {name} registers", Limits.Startup);
                }

                return manager;
            }
            catch
            {
                await manager.DisposeAsync();
                throw;
            }
        }

        public async Task<ArgonClusterStatus> StatusAsync() =>
            await (await ObserverAsync()).GetStatusAsync().WaitAsync(Limits.Call);

        public async Task WaitAsync(Func<ArgonClusterStatus, bool> condition, string what, TimeSpan? timeout = null) =>
            await Eventually.StatusAsync(await ObserverAsync(), condition, what, timeout ?? Limits.Call);

        /// <summary>kill -9 of the manager alone (its worker stays), and waits until it is gone.</summary>
        public async Task KillAsync()
        {
            await _manager.KillAsync();
            if (_observer is not null)
            {
                await _observer.DisposeAsync();
                _observer = null;
            }
        }

        /// <summary>SIGTERM: the manager drains (says Drain to its clients) and exits.</summary>
        public void Terminate() => _manager.Process.Terminate();

        /// <summary>A new manager on the same port, as a supervisor would start it; retries while the port is not yet free.</summary>
        public Task RestartAsync() => _manager.RestartAsync();

        public async ValueTask DisposeAsync()
        {
            if (_observer is not null)
            {
                await _observer.DisposeAsync();
            }

            if (_worker is not null)
            {
                await _worker.DisposeAsync();
            }

            await _manager.DisposeAsync();
        }

        private async Task<ArgonClient> ObserverAsync()
        {
            if (_observer is null)
            {
                _observer = await ArgonClient.ConnectAsync(new ArgonClientOptions { Host = "127.0.0.1", Port = Port, KeyFile = _keyFile })
                    .WaitAsync(Limits.Call);
            }

            return _observer;
        }
    }
}
