using Argon.Protocol.Messages;

namespace Argon.Manager.Tests;

/// <summary>
/// Priority-aware prefetch (issue 17, finding 6): a task of higher priority starts before any lower-priority task
/// that has not started. Prefetch holds only while one priority is in play; a second one revokes what workers hold
/// beyond their executors.
/// </summary>
public sealed class DispatcherPriorityPrefetchTests
{
    private long _nextId;

    [Fact]
    public void Submit_OfAHighTask_BehindPrefetchedLowTasks_RevokesThemAndTheHighTaskTakesTheNextFreeExecutor()
    {
        var fixture = new DispatcherFixture(prefetch: 1);
        var (worker, sent) = fixture.Worker(capacity: 2);
        var (client, _) = fixture.Client();
        for (var i = 0; i < 4; i++)
        {
            Submit(fixture, client, TaskPriority.Low);
        }

        var lows = sent.OfType<Assign>().Select(a => a.Id).ToList();
        Assert.Equal(4, lows.Count); // 2 running, 2 prefetched

        Submit(fixture, client, TaskPriority.High);

        var revoke = Assert.Single(sent.OfType<Revoke>());
        Assert.Equal(lows.Order(), revoke.Ids.Order());
        Assert.Equal(4, sent.OfType<Assign>().Count()); // the High task waits: no slot beyond the executors now

        // The worker gives back the two it had not started; one running Low task finishes.
        fixture.Complete(worker, lows[2], OutcomeStatus.Revoked);
        fixture.Complete(worker, lows[3], OutcomeStatus.Revoked);
        Assert.Equal(4, sent.OfType<Assign>().Count());
        fixture.Complete(worker, lows[0]);

        var next = sent.OfType<Assign>().Skip(4).ToList();
        Assert.Equal(nameof(TaskPriority.High), Assert.Single(next).TypeName);
        Assert.True(fixture.Dispatcher.IsPrefetchSuspended);
    }

    [Fact]
    public void Complete_OfTheLastHighTask_ResumesPrefetchForTheLowTasksLeft()
    {
        var fixture = new DispatcherFixture(prefetch: 1);
        var (worker, sent) = fixture.Worker(capacity: 1);
        var (client, _) = fixture.Client();
        Submit(fixture, client, TaskPriority.High);
        Submit(fixture, client, TaskPriority.Low);
        Submit(fixture, client, TaskPriority.Low);
        Submit(fixture, client, TaskPriority.Low);
        Assert.Single(sent.OfType<Assign>()); // mixed: one task per executor

        fixture.Complete(worker, sent.OfType<Assign>().Single().Id);

        Assert.False(fixture.Dispatcher.IsPrefetchSuspended);
        Assert.Equal(3, sent.OfType<Assign>().Count()); // the next Low task runs and one more is prefetched
        Assert.All(sent.OfType<Assign>().Skip(1), a => Assert.Equal(nameof(TaskPriority.Low), a.TypeName));
    }

    [Fact]
    public void Submit_OfTasksOfOnePriority_KeepsPrefetchAndRevokesNothing()
    {
        var fixture = new DispatcherFixture(prefetch: 1);
        var (_, sent) = fixture.Worker(capacity: 2);
        var (client, _) = fixture.Client();
        for (var i = 0; i < 5; i++)
        {
            Submit(fixture, client, TaskPriority.Normal);
        }

        Assert.Equal(4, sent.OfType<Assign>().Count());
        Assert.Empty(sent.OfType<Revoke>());
        Assert.False(fixture.Dispatcher.IsPrefetchSuspended);
    }

    [Fact]
    public void Submit_OfALowTaskBehindPrefetchedHighTasks_TheHighTasksStillGoFirst()
    {
        var fixture = new DispatcherFixture(prefetch: 1);
        var (worker, sent) = fixture.Worker(capacity: 1);
        var (client, _) = fixture.Client();
        Submit(fixture, client, TaskPriority.High);
        Submit(fixture, client, TaskPriority.High); // prefetched
        Submit(fixture, client, TaskPriority.Low);

        var highs = sent.OfType<Assign>().Select(a => a.Id).ToList();
        Assert.Equal(highs.Order(), Assert.Single(sent.OfType<Revoke>()).Ids.Order());
        fixture.Complete(worker, highs[1], OutcomeStatus.Revoked);
        fixture.Complete(worker, highs[0]);

        Assert.Equal(nameof(TaskPriority.High), sent.OfType<Assign>().Last().TypeName);
        Assert.Equal(3, sent.OfType<Assign>().Count());
    }

    [Fact]
    public void RegisterWorker_WhileTwoPrioritiesAreInPlay_GetsNoPrefetch()
    {
        var fixture = new DispatcherFixture(prefetch: 1);
        fixture.Worker(capacity: 1, "first");
        var (client, _) = fixture.Client();
        Submit(fixture, client, TaskPriority.High);
        for (var i = 0; i < 4; i++)
        {
            Submit(fixture, client, TaskPriority.Low);
        }

        var (_, sent) = fixture.Worker(capacity: 2, "second");

        Assert.Equal(2, sent.OfType<Assign>().Count());
    }

    private void Submit(DispatcherFixture fixture, Connections.ClientSession client, TaskPriority priority) =>
        fixture.Dispatcher.Submit(client, new Submit
        {
            Id = ++_nextId,
            TypeName = priority.ToString(),
            Kind = TaskKind.Instance,
            Payload = new byte[] { 0xC0 },
            Priority = priority,
            MaxAttempts = 2,
        });
}
