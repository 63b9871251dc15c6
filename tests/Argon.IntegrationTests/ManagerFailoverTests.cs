using Argon.IntegrationTests.Infrastructure;
using Argon.TestTasks;

namespace Argon.IntegrationTests;

/// <summary>
/// A manager killed -9 with a call's task running on a worker that also serves another manager: the worker keeps
/// the task running, the client (both managers, Retry on) resubmits the call to the survivor, which attaches it to
/// that execution; the call's body runs once and its result comes back (docs/decisions.md, "No work done twice
/// when a manager dies").
/// </summary>
public sealed class ManagerFailoverTests
{
    [Fact]
    public async Task StartedTask_WhenItsManagerIsKilled_RunsOnce_AndItsResultComesThroughTheOtherManager()
    {
        using var runLog = new TempDirectory();
        await using var pair = await ManagerPair.StartAsync();
        await using var worker = pair.StartWorker(capacity: 2, TaskLibrary.All);
        await using var watchA = await ArgonClient.ConnectAsync(pair.A.ClientOptions());
        await using var watchB = await ArgonClient.ConnectAsync(pair.B.ClientOptions(reconnect: true));
        await pair.WaitRegisteredAsync(watchA, watchB, worker);
        await using var client = await ArgonClient.ConnectAsync(pair.BothClientOptions());

        var call = client.QueueAsync(new LoggedRun(runLog.Path, 7, 3000));
        await Eventually.TrueAsync(() => call.IsFaulted || Starts(runLog.Path).Count == 1, "the body has started", Limits.Call);
        Assert.False(call.IsFaulted, call.Exception?.ToString());
        var holder = (await watchA.GetStatusAsync()).InFlight == 1 ? pair.A : pair.B;
        var survivor = holder == pair.A ? watchB : watchA;
        await holder.KillAsync();

        Assert.Equal(7, await call.WaitAsync(Limits.Call));
        Assert.Equal([7], Starts(runLog.Path));
        var status = await survivor.GetStatusAsync();
        Assert.Equal(1, status.Completed); // the survivor delivered it, as one task of its own
    }

    [Fact]
    public async Task CallQueuedOnAKilledManager_RunsOnceOnTheOther()
    {
        using var runLog = new TempDirectory();
        await using var pair = await ManagerPair.StartAsync();
        await using var worker = pair.StartWorker(capacity: 1, TaskLibrary.All);
        await using var watchA = await ArgonClient.ConnectAsync(pair.A.ClientOptions());
        await using var watchB = await ArgonClient.ConnectAsync(pair.B.ClientOptions(reconnect: true));
        await pair.WaitRegisteredAsync(watchA, watchB, worker);
        await using var clientA = await ArgonClient.ConnectAsync(pair.BothClientOptions());

        // The only executor is held by B's long call, so the calls through A wait (in A's queue, or given back to it).
        var blocker = watchB.QueueAsync(new LoggedRun(runLog.Path, 1, 3000));
        await Eventually.TrueAsync(() => Starts(runLog.Path).Count == 1, "B's long call has started", Limits.Call);
        var calls = Enumerable.Range(10, 4).Select(id => clientA.QueueAsync(new LoggedRun(runLog.Path, id, 10))).ToList();
        await Eventually.StatusAsync(watchA, s => s.InFlight + s.Queued >= 1, "a call waits on A");
        await pair.A.KillAsync();

        Assert.Equal(Enumerable.Range(10, 4), await Task.WhenAll(calls).WaitAsync(2 * Limits.Call));
        Assert.Equal(1, await blocker.WaitAsync(Limits.Call));
        Assert.Equal([1, 10, 11, 12, 13], Starts(runLog.Path).Order());
    }

    /// <summary>The ids whose LoggedRun body has started, once per start.</summary>
    private static List<int> Starts(string directory) =>
    [
        .. Directory.GetFiles(directory, "*.log")
            .SelectMany(File.ReadAllLines)
            .Where(line => line.Length > 0)
            .Select(line => int.Parse(line.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)),
    ];
}
