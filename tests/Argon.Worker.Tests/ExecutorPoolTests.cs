using Argon.Protocol.Messages;
using Argon.Worker.Execution;
using Argon.Worker.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Argon.Worker.Tests;

/// <summary>The pool of executors, against fake executors on the worker's real executor socket: where tasks wait, how they end, and how executors are replaced.</summary>
public sealed class ExecutorPoolTests
{
    private readonly FakeExecutorStarter _starter = new();

    [Fact]
    public async Task ATask_IsAssignedToAnExecutor_AndItsAnswerIsTheOutcome()
    {
        await using var pool = await StartAsync(capacity: 1);
        var fake = await _starter.NextAsync();

        var run = pool.RunAsync(Request("A"), default, default);
        var a = await fake.Started.NextAsync();
        fake.Complete(a.Id, FakeExecutor.Succeeded(fake.Name));

        Assert.Equal(OutcomeStatus.Succeeded, (await run.Within()).Status);
    }

    [Fact]
    public async Task AnExecutorCrashingMidTask_IsReplaced_AndTheTaskRunsAgainOnTheReplacement()
    {
        await using var pool = await StartAsync(capacity: 1);
        var first = await _starter.NextAsync();
        var run = pool.RunAsync(Request("A"), default, default);
        await first.Started.NextAsync();

        first.Crash(exitCode: 1);

        var second = await _starter.NextAsync();
        var again = await second.Started.NextAsync();
        Assert.Equal("A", again.TypeName);
        second.Complete(again.Id, FakeExecutor.Succeeded(second.Name));
        Assert.Equal(OutcomeStatus.Succeeded, (await run.Within()).Status);
    }

    [Fact]
    public async Task ATaskThatCrashesItsExecutorOnEveryAttempt_FailsSayingSo_AndThePoolStillServes()
    {
        await using var pool = await StartAsync(capacity: 1, o => o with { PoisonAttempts = 1 });
        var first = await _starter.NextAsync();
        var run = pool.RunAsync(Request("Poison"), default, default);
        await first.Started.NextAsync();

        first.Crash(exitCode: 1);

        var outcome = await run.Within();
        Assert.Equal(OutcomeStatus.Crashed, outcome.Status);
        Assert.Contains("Poison crashed its executor process", outcome.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(1, outcome.Attempts);
        var second = await _starter.NextAsync();
        var next = pool.RunAsync(Request("B"), default, default);
        var b = await second.Started.NextAsync();
        second.Complete(b.Id, FakeExecutor.Succeeded(second.Name));
        Assert.Equal(OutcomeStatus.Succeeded, (await next.Within()).Status);
    }

    [Fact]
    public async Task ATaskQueuedInAnExecutorThatCrashes_IsGivenBackUnstarted_AndPlacedAgainRunsOnTheReplacement()
    {
        await using var pool = await StartAsync(capacity: 1, o => o with { PoisonAttempts = 1 });
        var first = await _starter.NextAsync();
        var crashing = pool.RunAsync(Request("A"), default, default);
        await first.Started.NextAsync();
        var queued = pool.RunAsync(Request("B"), default, default);
        await TestTime.UntilAsync(() => first.Held == 2, "B is in the executor's next slot");

        first.Crash(exitCode: 1);

        Assert.Equal(OutcomeStatus.Crashed, (await crashing.Within()).Status);
        var givenBack = await queued.Within();
        Assert.Equal(OutcomeStatus.Revoked, givenBack.Status); // not an attempt: B never started, and is not blamed
        Assert.Contains("did not start", givenBack.ErrorMessage, StringComparison.Ordinal);
        var second = await _starter.NextAsync();
        var placedAgain = pool.RunAsync(Request("B"), default, default);
        var b = await second.Started.NextAsync();
        Assert.Equal("B", b.TypeName);
        second.Complete(b.Id, FakeExecutor.Succeeded(second.Name));
        Assert.Equal(OutcomeStatus.Succeeded, (await placedAgain.Within()).Status);
    }

    [Fact]
    public async Task TasksQueuedBehindARunningOne_WhenRevoked_AreGivenBackUnstarted_FromTheExecutorAndFromThePool()
    {
        await using var pool = await StartAsync(capacity: 1);
        var fake = await _starter.NextAsync();
        var running = pool.RunAsync(Request("A"), default, default);
        var a = await fake.Started.NextAsync();
        using var revokeB = new CancellationTokenSource();
        using var revokeC = new CancellationTokenSource();
        var inNextSlot = pool.RunAsync(Request("B"), revokeB.Token, default);
        await TestTime.UntilAsync(() => fake.Held == 2, "B is in the executor's next slot");
        var inPool = pool.RunAsync(Request("C"), revokeC.Token, default); // depth 2: C waits in the pool

        await revokeB.CancelAsync();
        await revokeC.CancelAsync();

        Assert.Equal(OutcomeStatus.Revoked, (await inNextSlot.Within()).Status);
        Assert.Equal(OutcomeStatus.Revoked, (await inPool.Within()).Status);
        await fake.Revoked.NextAsync();
        Assert.Equal(2, fake.AssignsHeard); // C never reached the executor
        fake.Complete(a.Id, FakeExecutor.Succeeded(fake.Name));
        Assert.Equal(OutcomeStatus.Succeeded, (await running.Within()).Status);
    }

    [Fact]
    public async Task ATaskQueuedBehindALongOne_IsGivenBack_WhenAnotherExecutorFallsIdle_AndPlacedAgainRunsThere()
    {
        await using var pool = await StartAsync(capacity: 2);
        var fakes = new[] { await _starter.NextAsync(), await _starter.NextAsync() };
        var a = pool.RunAsync(Request("A"), default, default);
        var b = pool.RunAsync(Request("B"), default, default);
        await TestTime.UntilAsync(() => fakes.All(f => f.Held == 1), "A and B run, one on each executor");
        var c = pool.RunAsync(Request("C"), default, default);
        await TestTime.UntilAsync(() => fakes.Any(f => f.Held == 2), "C is queued behind one of them");
        var (busy, freed) = fakes[0].Held == 2 ? (fakes[0], fakes[1]) : (fakes[1], fakes[0]);
        var longOne = await busy.Started.NextAsync();
        var shortOne = await freed.Started.NextAsync();

        freed.Complete(shortOne.Id, FakeExecutor.Succeeded(freed.Name));

        await busy.Revoked.NextAsync();
        var givenBack = await c.Within();
        Assert.Equal(OutcomeStatus.Revoked, givenBack.Status); // back to its assigner, which places it again
        Assert.Equal(1, busy.Held); // only the long one is left there
        var placedAgain = pool.RunAsync(Request("C"), default, default);
        var again = await freed.Started.NextAsync();
        Assert.Equal("C", again.TypeName);
        freed.Complete(again.Id, FakeExecutor.Succeeded(freed.Name));
        Assert.Equal(OutcomeStatus.Succeeded, (await placedAgain.Within()).Status);
        busy.Complete(longOne.Id, FakeExecutor.Succeeded(busy.Name));
        Assert.All(await Task.WhenAll(a, b).WaitAsync(TestTime.Bound), o => Assert.Equal(OutcomeStatus.Succeeded, o.Status));
    }

    [Fact]
    public async Task ARevokeAfterTheTaskHasStarted_IsIgnored_AndItRunsToItsEnd()
    {
        await using var pool = await StartAsync(capacity: 1);
        var fake = await _starter.NextAsync();
        var first = pool.RunAsync(Request("A"), default, default);
        var a = await fake.Started.NextAsync();
        using var revoke = new CancellationTokenSource();
        var second = pool.RunAsync(Request("B"), revoke.Token, default);
        await TestTime.UntilAsync(() => fake.Held == 2, "B is in the executor's next slot");
        fake.Complete(a.Id, FakeExecutor.Succeeded(fake.Name));
        var b = await fake.Started.NextAsync();
        Assert.Equal(OutcomeStatus.Succeeded, (await first.Within()).Status);

        await revoke.CancelAsync();

        fake.Complete(b.Id, FakeExecutor.Succeeded(fake.Name));
        Assert.Equal(OutcomeStatus.Succeeded, (await second.Within()).Status);
        Assert.False(fake.Revoked.TryRead(out _));
    }

    [Fact]
    public async Task ATaskOutlivingItsTimeout_EndsTimedOut_AndItsExecutorIsKilledAndReplaced()
    {
        await using var pool = await StartAsync(capacity: 1);
        var first = await _starter.NextAsync();

        var outcome = await pool.RunAsync(Request("Slow") with { Timeout = TimeSpan.FromMilliseconds(100) }, default, default).Within();

        Assert.Equal(OutcomeStatus.TimedOut, outcome.Status);
        // The kill follows the outcome, and the pool retires the executor as soon as it has the outcome: the fake may
        // hear its Goodbye first, so only its end is certain here, not whether it ended by the kill.
        await first.Exited.WaitAsync(TestTime.Bound);
        var second = await _starter.NextAsync();
        var next = pool.RunAsync(Request("B"), default, default);
        var b = await second.Started.NextAsync();
        second.Complete(b.Id, FakeExecutor.Succeeded(second.Name));
        Assert.Equal(OutcomeStatus.Succeeded, (await next.Within()).Status);
    }

    [Fact]
    public async Task CancelOfARunningTask_EndsItCancelled()
    {
        await using var pool = await StartAsync(capacity: 1);
        var fake = await _starter.NextAsync();
        using var cancel = new CancellationTokenSource();
        var run = pool.RunAsync(Request("A"), default, cancel.Token);
        var a = await fake.Started.NextAsync();

        await cancel.CancelAsync();

        Assert.Equal(a.Id, await fake.CancelsOfRunning.NextAsync());
        fake.Complete(a.Id, TaskOutcome.Failure(OutcomeStatus.Cancelled, "stopped", fake.Name));
        Assert.Equal(OutcomeStatus.Cancelled, (await run.Within()).Status);
    }

    [Fact]
    public async Task AnExecutorThatStopsAnsweringProbes_IsReplaced()
    {
        var started = 0;
        _starter.Configure = fake => fake.AnswersProbes = Interlocked.Increment(ref started) > 1;
        await using var pool = await StartAsync(capacity: 1,
            o => o with { HeartbeatInterval = TimeSpan.FromMilliseconds(100), HeartbeatTimeout = TimeSpan.FromSeconds(2) });
        var silent = await _starter.NextAsync(); // killed after 20 unanswered probes; a healthy one answers each within 2 s

        await silent.Exited.WaitAsync(TestTime.Bound);

        var replacement = await _starter.NextAsync();
        var run = pool.RunAsync(Request("A"), default, default);
        var a = await replacement.Started.NextAsync();
        replacement.Complete(a.Id, FakeExecutor.Succeeded(replacement.Name));
        Assert.Equal(OutcomeStatus.Succeeded, (await run.Within()).Status);
        Assert.Equal(0, silent.AssignsHeard);
    }

    [Fact]
    public async Task WhenTheSessionEnds_ItsQueuedTasksAreDropped_AndNoneOfItStartsAfterwards()
    {
        await using var pool = await StartAsync(capacity: 1);
        var fake = await _starter.NextAsync();
        await using var pauses = new PauseWatch();
        var fence = new SessionFence(pauses, _ => { });
        using var connectionLost = new CancellationTokenSource(); // as ManagerLink: the session's tasks are cancelled when it ends
        var running = pool.RunAsync(Request("A") with { Fence = fence }, default, connectionLost.Token);
        var a = await fake.Started.NextAsync();
        var inNextSlot = pool.RunAsync(Request("B") with { Fence = fence }, default, connectionLost.Token);
        await TestTime.UntilAsync(() => fake.Held == 2, "B is in the executor's next slot");
        var inPool = pool.RunAsync(Request("C") with { Fence = fence }, default, default); // not cancelled: the fence alone holds it

        fence.End();
        await connectionLost.CancelAsync();

        Assert.Equal(OutcomeStatus.Cancelled, (await inNextSlot.Within()).Status);
        Assert.Equal(a.Id, await fake.CancelsOfRunning.NextAsync());
        fake.Complete(a.Id, TaskOutcome.Failure(OutcomeStatus.Cancelled, "stopped", fake.Name));
        Assert.Equal(OutcomeStatus.Cancelled, (await running.Within()).Status);
        var dropped = await inPool.Within();
        Assert.Equal(OutcomeStatus.Revoked, dropped.Status); // never started: an orphan table drops it, not delivers it
        Assert.Contains("session has ended", dropped.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(2, fake.AssignsHeard);
    }

    [Fact]
    public async Task ThePool_NeverRunsMoreTasksAtOnceThanItHasExecutors()
    {
        const int capacity = 2;
        const int tasks = 60;
        var runningNow = 0;
        var mostRunning = 0;
        _starter.Configure = fake => fake.Body = async _ =>
        {
            var now = Interlocked.Increment(ref runningNow);
            InterlockedMax(ref mostRunning, now);
            await Task.Yield();
            Interlocked.Decrement(ref runningNow);
            return FakeExecutor.Succeeded(fake.Name);
        };
        await using var pool = await StartAsync(capacity);
        var fakes = new[] { await _starter.NextAsync(), await _starter.NextAsync() };

        var outcomes = await Task.WhenAll(Enumerable.Range(0, tasks).Select(i => RunToItsEndAsync(pool, Request($"T{i}")))).WaitAsync(TestTime.Bound);

        Assert.All(outcomes, o => Assert.Equal(OutcomeStatus.Succeeded, o.Status));
        Assert.Equal(capacity, _starter.Count); // no executor beyond the capacity was ever started
        Assert.InRange(mostRunning, 1, capacity);
        Assert.All(fakes, f => Assert.InRange(f.MostHeld, 1, PipelineDepthPolicy.MaxDepth)); // one running, the rest in its next slots
        Assert.InRange(fakes.Sum(f => f.AssignsHeard), tasks, 2 * tasks); // a task given back is assigned again
    }

    /// <summary>Runs the task as its assigner does: one given back unstarted (Revoked) is placed again.</summary>
    private static async Task<TaskOutcome> RunToItsEndAsync(ExecutorPool pool, TaskRequest request)
    {
        for (var placed = 1; ; placed++)
        {
            var outcome = await pool.RunAsync(request, default, default);
            if (outcome.Status != OutcomeStatus.Revoked || placed == 100)
            {
                return outcome;
            }
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, seen) == seen)
            {
                return;
            }
        }
    }

    private static TaskRequest Request(string typeName) => new(typeName, TaskKind.Instance, ReadOnlyMemory<byte>.Empty, Timeout: null);

    private async Task<ExecutorPool> StartAsync(int capacity, Func<ExecutorPoolOptions, ExecutorPoolOptions>? configure = null)
    {
        var options = new ExecutorPoolOptions { Capacity = capacity, Launch = new ExecutorLaunch("argon", []), Node = "test", Starter = _starter };
        var pool = new ExecutorPool(configure?.Invoke(options) ?? options, NullLogger.Instance);
        await pool.StartAsync(default).WaitAsync(TestTime.Bound);
        return pool;
    }
}
