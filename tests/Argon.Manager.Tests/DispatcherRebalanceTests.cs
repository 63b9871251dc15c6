using Argon.Manager.Scheduling;
using Argon.Protocol.Messages;

namespace Argon.Manager.Tests;

public sealed class DispatcherRebalanceTests
{
    private static readonly long Later = (long)Dispatcher.MinStall.TotalMilliseconds * 4;

    [Fact]
    public void Rebalance_WhenAWorkerIsStuckAndAnotherIdle_RevokesAndTheUnstartedTaskRunsOnTheIdleOne()
    {
        var (fixture, stuck, stuckSent, idle, idleSent) = TwoWorkersWithAStuckOne();

        Assert.Equal(1, fixture.Dispatcher.Rebalance(Environment.TickCount64 + Later));
        var revoke = Assert.Single(stuckSent.OfType<Revoke>());
        var prefetched = stuckSent.OfType<Assign>().Last().Id;
        Assert.Contains(prefetched, revoke.Ids);

        // The worker gives back the one it had not started; it goes to the idle worker at once.
        fixture.Dispatcher.Complete(stuck, new Complete { Id = prefetched, Outcome = new TaskOutcome { Status = OutcomeStatus.Revoked } });

        Assert.Equal(3, idleSent.OfType<Assign>().Count());
        Assert.Equal(1, stuck.InFlight);
        Assert.True(stuck.IsStalled);
        Assert.Equal(stuck.Capacity, stuck.Slots);
    }

    [Fact]
    public void Rebalance_WhenTheWorkerFinishedSomethingLately_LeavesItAlone()
    {
        var before = Environment.TickCount64; // the stuck worker's last progress is no earlier than this
        var (fixture, _, stuckSent, _, _) = TwoWorkersWithAStuckOne();

        Assert.Equal(0, fixture.Dispatcher.Rebalance(before + (long)Dispatcher.MinStall.TotalMilliseconds - 1));
        Assert.Empty(stuckSent.OfType<Revoke>());
    }

    [Fact]
    public void Rebalance_AsksAStuckWorkerOnlyOnce_UntilItFinishesSomething()
    {
        var (fixture, _, stuckSent, _, _) = TwoWorkersWithAStuckOne();

        fixture.Dispatcher.Rebalance(Environment.TickCount64 + Later);
        fixture.Dispatcher.Rebalance(Environment.TickCount64 + 2 * Later);

        Assert.Single(stuckSent.OfType<Revoke>());
    }

    [Fact]
    public void Complete_OfARevokedTask_DoesNotCountAsAnAttemptOrAnOutcome()
    {
        var (fixture, stuck, stuckSent, idle, idleSent) = TwoWorkersWithAStuckOne();
        fixture.Dispatcher.Rebalance(Environment.TickCount64 + Later);
        var prefetched = stuckSent.OfType<Assign>().Last().Id;
        fixture.Dispatcher.Complete(stuck, new Complete { Id = prefetched, Outcome = new TaskOutcome { Status = OutcomeStatus.Revoked } });

        fixture.Complete(idle, idleSent.OfType<Assign>().Last().Id);

        var status = fixture.Dispatcher.Status(0, "v");
        Assert.Equal(3, status.Completed);
        Assert.Equal(0, status.Failed);
    }

    /// <summary>
    /// Two workers of capacity 1 with prefetch: the first holds a task that runs on and one prefetched behind it;
    /// the second has finished both of its tasks and is idle, and the queue is empty.
    /// </summary>
    private static (DispatcherFixture Fixture, WorkerTracker Stuck, RecordingSender StuckSent, WorkerTracker Idle, RecordingSender IdleSent)
        TwoWorkersWithAStuckOne()
    {
        var fixture = new DispatcherFixture(prefetch: 32);
        var (stuck, stuckSent) = fixture.Worker(capacity: 1, "stuck");
        var (idle, idleSent) = fixture.Worker(capacity: 1, "idle");
        var (client, _) = fixture.Client();
        for (var i = 0; i < 4; i++)
        {
            fixture.Submit(client);
        }

        Assert.Equal(2, stuck.InFlight);
        foreach (var assign in idleSent.OfType<Assign>().ToList())
        {
            fixture.Complete(idle, assign.Id);
        }

        Assert.Equal(0, idle.InFlight);
        return (fixture, stuck, stuckSent, idle, idleSent);
    }
}
