using Argon.Manager.Scheduling;
using Argon.Protocol.Messages;

namespace Argon.Manager.Tests;

/// <summary>A worker serving several managers announces its share of executors for this one (Share).</summary>
public sealed class DispatcherShareTests
{
    [Fact]
    public void ShareChanged_Larger_FillsTheNewPlacesFromTheQueueAtOnce()
    {
        var fixture = new DispatcherFixture();
        var (worker, workerSent) = fixture.Worker(capacity: 1);
        var (client, _) = fixture.Client();
        for (var i = 0; i < 4; i++)
        {
            fixture.Submit(client);
        }

        Assert.Single(workerSent.OfType<Assign>());

        fixture.Dispatcher.ShareChanged(worker, 3);

        Assert.Equal(3, workerSent.OfType<Assign>().Count());
        Assert.Equal(3, worker.Capacity);
        Assert.Equal(1, fixture.Dispatcher.Status(0, "v").QueueDepthByPriority.Sum());
    }

    [Fact]
    public void ShareChanged_Smaller_SendsNothingMoreUntilTheWorkerIsBelowIt()
    {
        var fixture = new DispatcherFixture();
        var (worker, workerSent) = fixture.Worker(capacity: 4);
        var (client, _) = fixture.Client();
        for (var i = 0; i < 6; i++)
        {
            fixture.Submit(client);
        }

        var assigned = workerSent.OfType<Assign>().ToList();
        Assert.Equal(4, assigned.Count);

        fixture.Dispatcher.ShareChanged(worker, 1);
        fixture.Complete(worker, assigned[0].Id);
        fixture.Complete(worker, assigned[1].Id);

        Assert.Equal(4, workerSent.OfType<Assign>().Count()); // still holding 2, over its share of 1
        fixture.Complete(worker, assigned[2].Id);
        fixture.Complete(worker, assigned[3].Id);

        Assert.Equal(5, workerSent.OfType<Assign>().Count()); // one at a time from now on
        Assert.Equal(1, worker.InFlight);
    }

    [Fact]
    public void ShareChanged_IsTheCapacityStatusShowsAndTheTotalFollows()
    {
        var fixture = new DispatcherFixture();
        var (shared, _) = fixture.Worker(capacity: 4, name: "shared");
        fixture.Worker(capacity: 2, name: "other");

        fixture.Dispatcher.ShareChanged(shared, 1);

        var status = fixture.Dispatcher.Status(0, "v");
        Assert.Equal(3, status.Capacity);
        Assert.Equal(1, status.Workers.Single(w => w.NodeId == "shared").Capacity);

        fixture.Dispatcher.ShareChanged(shared, 3);
        status = fixture.Dispatcher.Status(0, "v");
        Assert.Equal(5, status.Capacity);
        Assert.Equal(3, status.Workers.Single(w => w.NodeId == "shared").Capacity);
    }

    [Fact]
    public void ShareChanged_ThenLost_LeavesTheTotalCapacityRight()
    {
        var fixture = new DispatcherFixture();
        var (shared, _) = fixture.Worker(capacity: 4, name: "shared");
        fixture.Worker(capacity: 2, name: "other");
        fixture.Dispatcher.ShareChanged(shared, 2);

        fixture.Dispatcher.WorkerDisconnected(shared, "gone");

        Assert.Equal(2, fixture.Dispatcher.Status(0, "v").Capacity);
    }

    [Fact]
    public void Update_WithACapacityChange_KeepsTotalCapacityAndOvercommittedRight()
    {
        var pool = new WorkerPool();
        var worker = new WorkerTracker(1, "w", "addr", 3, new PrefetchPolicy(0, TimeSpan.Zero), new RecordingSender("w"), 0);
        pool.Add(worker);
        pool.Update(worker, w => w.Running.Add(1, null!));
        pool.Update(worker, w => w.Running.Add(2, null!));

        pool.Update(worker, w => w.Resize(1));

        Assert.Equal(1, pool.TotalCapacity);
        Assert.Equal(1, pool.Overcommitted);
        Assert.False(pool.TryPick(out _));

        pool.Update(worker, w => w.Resize(5));
        Assert.Equal(5, pool.TotalCapacity);
        Assert.Equal(0, pool.Overcommitted);
        Assert.True(pool.TryPick(out _));
        pool.Remove(worker);
        Assert.Equal(0, pool.TotalCapacity);
        Assert.Equal(0, pool.Overcommitted);
    }

    [Fact]
    public void GivenBack_GoesToAnotherWorkerWithRoom_EvenAtEqualLoad()
    {
        var fixture = new DispatcherFixture();
        var (giver, giverSent) = fixture.Worker(capacity: 1, name: "giver");
        var (client, clientSent) = fixture.Client();
        fixture.Submit(client);
        var assign = Assert.Single(giverSent.OfType<Assign>());
        var (other, otherSent) = fixture.Worker(capacity: 1, name: "other");

        fixture.Complete(giver, assign.Id, OutcomeStatus.Revoked);

        var moved = Assert.Single(otherSent.OfType<Assign>());
        Assert.Equal(assign.TypeName, moved.TypeName);
        Assert.Single(giverSent.OfType<Assign>());
        Assert.Equal(0, giver.InFlight);
        Assert.Equal(1, other.InFlight);
        Assert.Empty(clientSent.OfType<Result>());
        Assert.Equal(2, fixture.Dispatcher.Status(0, "v").Capacity);
    }

    [Fact]
    public void GivenBack_WithNoOtherWorkerFree_GoesBackToTheGiver()
    {
        var fixture = new DispatcherFixture();
        var (giver, giverSent) = fixture.Worker(capacity: 1, name: "giver");
        var (other, otherSent) = fixture.Worker(capacity: 1, name: "other");
        var (client, _) = fixture.Client();
        fixture.Submit(client);
        fixture.Submit(client);
        var first = Assert.Single(giverSent.OfType<Assign>());
        Assert.Single(otherSent.OfType<Assign>());

        fixture.Complete(giver, first.Id, OutcomeStatus.Revoked);

        Assert.Equal(2, giverSent.OfType<Assign>().Count());
        Assert.Equal(1, giver.InFlight);
        Assert.Equal(1, other.InFlight);
    }
}
