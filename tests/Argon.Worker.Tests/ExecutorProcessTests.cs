using Argon.Protocol.Messages;
using Argon.Worker.Execution;
using Argon.Worker.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Argon.Worker.Tests;

/// <summary>One executor's tasks, against a fake executor on the worker's real executor socket: how each run ends.</summary>
public sealed class ExecutorProcessTests : IAsyncLifetime
{
    private readonly FakeExecutorStarter _starter = new();
    private ExecutorListener _listener = null!;

    public Task InitializeAsync()
    {
        _listener = ExecutorListener.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _listener.DisposeAsync();

    [Fact]
    public async Task RunAsync_WhenTheExecutorAnswers_ReturnsItsOutcome()
    {
        var (executor, fake) = await StartAsync();
        await using var _ = executor;

        var run = executor.RunAsync(Request("A"), mayGiveBack: true, default, default);
        var assign = await fake.Started.NextAsync();
        Assert.Equal("A", assign.TypeName);
        fake.Complete(assign.Id, FakeExecutor.Succeeded(fake.Name));

        var result = await run.Within();
        Assert.Equal(ExecutorFate.Healthy, result.Fate);
        Assert.Equal(OutcomeStatus.Succeeded, result.Outcome.Status);
        Assert.NotNull(result.RunTime);
        Assert.Equal(1, executor.TasksRun);
    }

    [Fact]
    public async Task RunAsync_WhenTheExecutorDiesMidTask_TheRunningTaskCrashed_AndTheQueuedOneNeverStarted()
    {
        var (executor, fake) = await StartAsync();
        await using var _ = executor;
        var running = executor.RunAsync(Request("A"), mayGiveBack: true, default, default);
        await fake.Started.NextAsync();
        var queued = executor.RunAsync(Request("B"), mayGiveBack: true, default, default);
        await TestTime.UntilAsync(() => fake.Held == 2, "B is queued in the executor");

        fake.Crash(exitCode: 3);

        var crashed = await running.Within();
        Assert.Equal(ExecutorFate.Crashed, crashed.Fate);
        Assert.Equal(OutcomeStatus.Crashed, crashed.Outcome.Status);
        Assert.Contains("A crashed its executor process", crashed.Outcome.ErrorMessage, StringComparison.Ordinal);
        var notStarted = await queued.Within();
        Assert.Equal(ExecutorFate.NotStarted, notStarted.Fate);
        Assert.True(executor.IsGone);
        await executor.Gone.WaitAsync(TestTime.Bound);
    }

    [Fact]
    public async Task QueuedTask_WhenRevoked_IsGivenBackFromTheExecutorUnstarted_WhileTheRunningOneGoesOn()
    {
        var (executor, fake) = await StartAsync();
        await using var _ = executor;
        var running = executor.RunAsync(Request("A"), mayGiveBack: true, default, default);
        var a = await fake.Started.NextAsync();
        using var revoke = new CancellationTokenSource();
        var queued = executor.RunAsync(Request("B"), mayGiveBack: true, revoke.Token, default);
        await TestTime.UntilAsync(() => fake.Held == 2, "B is queued in the executor");

        await revoke.CancelAsync();

        var givenBack = await queued.Within();
        Assert.Equal(ExecutorFate.NotStarted, givenBack.Fate);
        Assert.Equal(OutcomeStatus.Revoked, givenBack.Outcome.Status);
        await fake.Revoked.NextAsync();
        Assert.False(running.IsCompleted);
        fake.Complete(a.Id, FakeExecutor.Succeeded(fake.Name));
        Assert.Equal(ExecutorFate.Healthy, (await running.Within()).Fate);
        Assert.Equal(1, executor.TasksRun);
    }

    [Fact]
    public async Task GiveBackQueued_GivesBackTheQueuedTasksThatMayBe_NotTheRunningOne_NorOneThatRanBefore()
    {
        var (executor, fake) = await StartAsync();
        await using var _ = executor;
        var running = executor.RunAsync(Request("A"), mayGiveBack: true, default, default);
        var a = await fake.Started.NextAsync();
        var queued = executor.RunAsync(Request("B"), mayGiveBack: true, default, default);
        var retried = executor.RunAsync(Request("C"), mayGiveBack: false, default, default); // it crashed an executor before
        await TestTime.UntilAsync(() => fake.Held == 3, "B and C are queued in the executor");

        executor.GiveBackQueued();

        var givenBack = await queued.Within();
        Assert.Equal(ExecutorFate.NotStarted, givenBack.Fate);
        Assert.Equal(OutcomeStatus.Revoked, givenBack.Outcome.Status);
        Assert.False(retried.IsCompleted);
        fake.Complete(a.Id, FakeExecutor.Succeeded(fake.Name));
        Assert.Equal(OutcomeStatus.Succeeded, (await running.Within()).Outcome.Status);
        var c = await fake.Started.NextAsync();
        Assert.Equal("C", c.TypeName);
        fake.Complete(c.Id, FakeExecutor.Succeeded(fake.Name));
        Assert.Equal(ExecutorFate.Healthy, (await retried.Within()).Fate);
    }

    [Fact]
    public async Task GiveBackQueued_WithNoneQueuedYet_GivesBackTheNextOneAsItArrives_UntilTheRunningTaskEnds()
    {
        var (executor, fake) = await StartAsync();
        await using var _ = executor;
        var running = executor.RunAsync(Request("A"), mayGiveBack: true, default, default);
        var a = await fake.Started.NextAsync();

        executor.GiveBackQueued(); // a sibling fell idle while B had its place here but was not yet sent
        var next = executor.RunAsync(Request("B"), mayGiveBack: true, default, default);

        Assert.Equal(ExecutorFate.NotStarted, (await next.Within()).Fate);
        await fake.Revoked.NextAsync();
        fake.Complete(a.Id, FakeExecutor.Succeeded(fake.Name));
        Assert.Equal(ExecutorFate.Healthy, (await running.Within()).Fate);
        var d = executor.RunAsync(Request("D"), mayGiveBack: true, default, default);
        var dStarted = await fake.Started.NextAsync();
        var e = executor.RunAsync(Request("E"), mayGiveBack: true, default, default); // queued: the wish ended with A
        await TestTime.UntilAsync(() => fake.Held == 2, "E is queued behind D");
        fake.Complete(dStarted.Id, FakeExecutor.Succeeded(fake.Name));
        var eStarted = await fake.Started.NextAsync();
        Assert.Equal("E", eStarted.TypeName);
        fake.Complete(eStarted.Id, FakeExecutor.Succeeded(fake.Name));
        Assert.Equal(ExecutorFate.Healthy, (await e.Within()).Fate);
        Assert.Equal(ExecutorFate.Healthy, (await d.Within()).Fate);
        Assert.False(fake.Revoked.TryRead(out var another)); // B only
    }

    [Fact]
    public async Task Cancel_OfARunningTask_ReachesTheExecutor_WhoseAnswerIsTheOutcome()
    {
        var (executor, fake) = await StartAsync();
        await using var _ = executor;
        using var cancel = new CancellationTokenSource();
        var running = executor.RunAsync(Request("A"), mayGiveBack: true, default, cancel.Token);
        var a = await fake.Started.NextAsync();

        await cancel.CancelAsync();

        Assert.Equal(a.Id, await fake.CancelsOfRunning.NextAsync());
        fake.Complete(a.Id, TaskOutcome.Failure(OutcomeStatus.Cancelled, "stopped", fake.Name));
        var result = await running.Within();
        Assert.Equal(OutcomeStatus.Cancelled, result.Outcome.Status);
        Assert.Equal(ExecutorFate.Healthy, result.Fate);
        Assert.False(executor.IsGone);
    }

    [Fact]
    public async Task Cancel_IgnoredPastTheGrace_KillsTheExecutor()
    {
        var (executor, fake) = await StartAsync(o => o with { CancelGrace = TimeSpan.FromMilliseconds(100) });
        await using var _ = executor;
        using var cancel = new CancellationTokenSource();
        var running = executor.RunAsync(Request("A"), mayGiveBack: true, default, cancel.Token);
        await fake.Started.NextAsync();

        await cancel.CancelAsync();

        var result = await running.Within();
        Assert.Equal(ExecutorFate.Killed, result.Fate);
        Assert.Equal(OutcomeStatus.Cancelled, result.Outcome.Status);
        Assert.Contains("did not stop within", result.Outcome.ErrorMessage, StringComparison.Ordinal);
        await fake.Exited.WaitAsync(TestTime.Bound);
        Assert.True(executor.IsGone);
    }

    [Fact]
    public async Task Probe_WhenTheExecutorStopsAnswering_KillsIt_AndItsRunningTaskCrashed()
    {
        // 1 s probes, 2 s timeout: 2 unanswered probes are allowed, the one after them kills. Probes are sent by hand here.
        var (executor, fake) = await StartAsync(o => o with { HeartbeatInterval = TimeSpan.FromSeconds(1), HeartbeatTimeout = TimeSpan.FromSeconds(2) });
        await using var _ = executor;
        var running = executor.RunAsync(Request("A"), mayGiveBack: true, default, default);
        await fake.Started.NextAsync();
        fake.AnswersProbes = false;

        for (var i = 0; i < 3; i++)
        {
            executor.Probe();
        }

        Assert.False(fake.HasExited);
        executor.Probe();

        var result = await running.Within();
        Assert.Equal(ExecutorFate.Crashed, result.Fate);
        Assert.Contains("stopped answering", result.Outcome.ErrorMessage, StringComparison.Ordinal);
        Assert.True(executor.IsGone);
    }

    [Fact]
    public async Task RunAsync_WhenTheSessionMayNotStartTasks_SendsNothing()
    {
        var (executor, fake) = await StartAsync();
        await using var _ = executor;
        await using var pauses = new PauseWatch();
        var fence = new SessionFence(pauses, _ => { });
        fence.End();

        var result = await executor.RunAsync(Request("A") with { Fence = fence }, mayGiveBack: true, default, default).Within();

        Assert.Equal(ExecutorFate.NotStarted, result.Fate);
        Assert.Equal(0, fake.AssignsHeard);
    }

    private static TaskRequest Request(string typeName) => new(typeName, TaskKind.Instance, ReadOnlyMemory<byte>.Empty, Timeout: null);

    private async Task<(ExecutorProcess Executor, FakeExecutor Fake)> StartAsync(Func<ExecutorPoolOptions, ExecutorPoolOptions>? configure = null)
    {
        var options = new ExecutorPoolOptions { Capacity = 1, Launch = new ExecutorLaunch("argon", []), Node = "test", Starter = _starter };
        options = configure?.Invoke(options) ?? options;
        var executor = await ExecutorProcess.StartAsync(options, _listener, 1, NullLogger.Instance, default).WaitAsync(TestTime.Bound);
        return (executor, await _starter.NextAsync());
    }
}
