using Argon.Worker.Execution;

namespace Argon.Worker.Tests;

/// <summary>Where a worker's tasks go among its executors (ExecutorSlots.cs): idle ones first, one queued behind each running task, then a line.</summary>
public sealed class ExecutorSlotsTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task IdleExecutorsComeFirst_ThenTheQueuePlaceBehindARunningTask()
    {
        var (a, b) = (new Executor("a"), new Executor("b"));
        var slots = Slots(a, b);

        var first = await slots.AcquireAsync(first: false, CancellationToken.None);
        var second = await slots.AcquireAsync(first: false, CancellationToken.None);
        var third = await slots.AcquireAsync(first: false, CancellationToken.None);
        var fourth = await slots.AcquireAsync(first: false, CancellationToken.None);

        Assert.NotSame(first, second);
        Assert.Equal(2, slots.LoadOf(a));
        Assert.Equal(2, slots.LoadOf(b));
        Assert.NotSame(third, fourth);
        Assert.Equal(0, slots.Waiting);
    }

    [Fact]
    public async Task WhenEveryExecutorIsFull_TasksWaitInOrder_AndOneGivenBackGoesFirst()
    {
        var a = new Executor("a");
        var slots = Slots(a);
        await slots.AcquireAsync(first: false, CancellationToken.None);
        await slots.AcquireAsync(first: false, CancellationToken.None);

        var later = slots.AcquireAsync(first: false, CancellationToken.None).AsTask();
        var givenBack = slots.AcquireAsync(first: true, CancellationToken.None).AsTask();
        Assert.Equal(2, slots.Waiting);
        Assert.False(later.IsCompleted || givenBack.IsCompleted);

        slots.Release(a);
        Assert.Same(a, await givenBack.WaitAsync(Wait));
        Assert.False(later.IsCompleted);
        slots.Release(a);
        Assert.Same(a, await later.WaitAsync(Wait));
    }

    [Fact]
    public async Task ACancelledWaiter_LeavesTheLine_AndIsNotGivenAPlace()
    {
        var a = new Executor("a");
        var slots = Slots(a);
        await slots.AcquireAsync(first: false, CancellationToken.None);
        await slots.AcquireAsync(first: false, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var cancelled = slots.AcquireAsync(first: false, cancel.Token).AsTask();
        var next = slots.AcquireAsync(first: false, CancellationToken.None).AsTask();

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Wait));
        slots.Release(a);

        Assert.Same(a, await next.WaitAsync(Wait));
        Assert.Equal(2, slots.LoadOf(a));
    }

    [Fact]
    public async Task ARemovedExecutor_GetsNoMoreTasks_AndIsDrainedWithItsLastOne()
    {
        var (a, b) = (new Executor("a"), new Executor("b"));
        var slots = Slots(a, b);
        var taken = await slots.AcquireAsync(first: false, CancellationToken.None);
        var other = taken == a ? b : a;

        Assert.Equal(1, slots.Remove(taken));
        Assert.Same(other, await slots.AcquireAsync(first: false, CancellationToken.None));
        Assert.Same(other, await slots.AcquireAsync(first: false, CancellationToken.None));
        var waiting = slots.AcquireAsync(first: false, CancellationToken.None).AsTask();

        Assert.True(slots.Release(taken).Drained);
        Assert.False(waiting.IsCompleted); // the line waits for a place in an executor that still takes tasks
        Assert.Equal(-1, slots.Remove(taken)); // drained and gone: no longer known
    }

    [Fact]
    public async Task AnExecutorFallingIdleWithNothingWaiting_NamesTheExecutorsHoldingQueuedTasks()
    {
        var (a, b, c) = (new Executor("a"), new Executor("b"), new Executor("c"));
        var slots = Slots(a, b, c);
        for (var i = 0; i < 5; i++)
        {
            await slots.AcquireAsync(first: false, CancellationToken.None); // a, b, c run one each; two of them queue one
        }

        var idle = new[] { a, b, c }.Single(e => slots.LoadOf(e) == 1);
        var (drained, giveBackFrom) = slots.Release(idle);

        Assert.False(drained);
        Assert.Equal(new[] { a, b, c }.Where(e => e != idle).OrderBy(e => e.Name), giveBackFrom.OrderBy(e => e.Name));
    }

    [Fact]
    public async Task AnExecutorStillBusy_OrWithTasksWaiting_NamesNoneToGiveBackFrom()
    {
        var (a, b) = (new Executor("a"), new Executor("b"));
        var slots = Slots(a, b);
        for (var i = 0; i < 4; i++)
        {
            await slots.AcquireAsync(first: false, CancellationToken.None);
        }

        Assert.Empty(slots.Release(a).GiveBackFrom); // a still runs its second task
        var waiting = slots.AcquireAsync(first: false, CancellationToken.None).AsTask();
        Assert.Same(a, await waiting.WaitAsync(Wait));
        Assert.Empty(slots.Release(b).GiveBackFrom);
    }

    [Fact]
    public async Task GiveBackCandidates_AreTheExecutorsWithQueuedTasks_OnlyWhileOneIsIdleAndNothingWaits()
    {
        var (a, b) = (new Executor("a"), new Executor("b"));
        var slots = Slots(a, b);
        for (var i = 0; i < 4; i++)
        {
            await slots.AcquireAsync(first: false, CancellationToken.None); // each runs one and queues one
        }

        Assert.Empty(slots.GiveBackCandidates()); // none idle
        slots.Release(a);
        slots.Release(a);
        var behind = new[] { a, b }.Single(e => slots.LoadOf(e) == 2);
        Assert.Equal([behind], slots.GiveBackCandidates());

        var waiting = slots.AcquireAsync(first: false, CancellationToken.None).AsTask(); // takes the idle one
        await waiting.WaitAsync(Wait);
        Assert.Empty(slots.GiveBackCandidates());
    }

    [Fact]
    public async Task Close_FailsEveryWaiter_AndEveryLaterCall()
    {
        var a = new Executor("a");
        var slots = Slots(a);
        await slots.AcquireAsync(first: false, CancellationToken.None);
        await slots.AcquireAsync(first: false, CancellationToken.None);
        var waiting = slots.AcquireAsync(first: false, CancellationToken.None).AsTask();

        slots.Close();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting.WaitAsync(Wait));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => slots.AcquireAsync(first: false, CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task AnAddedExecutor_TakesTheTasksWaiting()
    {
        var slots = new ExecutorSlots<Executor>(depth: 2);
        var waiting = Enumerable.Range(0, 3).Select(_ => slots.AcquireAsync(first: false, CancellationToken.None).AsTask()).ToArray();
        var a = new Executor("a");

        slots.Add(a);

        Assert.Same(a, await waiting[0].WaitAsync(Wait));
        Assert.Same(a, await waiting[1].WaitAsync(Wait));
        Assert.False(waiting[2].IsCompleted);
        Assert.Equal(1, slots.Waiting);
    }

    [Fact]
    public async Task ADeeperQueue_FillsAtOnceFromTheLine_AndAShallowerOne_WhenTasksEnd()
    {
        var a = new Executor("a");
        var slots = Slots(a);
        await slots.AcquireAsync(first: false, CancellationToken.None);
        await slots.AcquireAsync(first: false, CancellationToken.None);
        var waiting = Enumerable.Range(0, 3).Select(_ => slots.AcquireAsync(first: false, CancellationToken.None).AsTask()).ToArray();

        slots.SetDepth(4);

        Assert.Same(a, await waiting[0].WaitAsync(Wait));
        Assert.Same(a, await waiting[1].WaitAsync(Wait));
        Assert.False(waiting[2].IsCompleted);
        Assert.Equal(4, slots.LoadOf(a));

        slots.SetDepth(2);
        slots.Release(a);
        slots.Release(a);
        Assert.False(waiting[2].IsCompleted); // a holds 2, its new depth
        slots.Release(a);
        Assert.Same(a, await waiting[2].WaitAsync(Wait));
        Assert.Equal(2, slots.LoadOf(a));
    }

    internal static ExecutorSlots<Executor> Slots(params Executor[] executors)
    {
        var slots = new ExecutorSlots<Executor>(depth: 2);
        foreach (var executor in executors)
        {
            slots.Add(executor);
        }

        return slots;
    }

    internal sealed record Executor(string Name);
}
