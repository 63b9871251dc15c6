using Argon.Protocol.Messages;

namespace Argon.Manager.Tests;

public sealed class DispatcherDrainTests
{
    [Fact]
    public void DrainWorker_StopsAssigningToItAndAnswersWithDrain()
    {
        var fixture = new DispatcherFixture();
        var (draining, drainingSent) = fixture.Worker(capacity: 1);
        var (client, _) = fixture.Client();

        fixture.Dispatcher.DrainWorker(draining);
        fixture.Submit(client);

        Assert.Single(drainingSent.OfType<Drain>());
        Assert.Empty(drainingSent.OfType<Assign>());
        Assert.Equal(0, fixture.Dispatcher.Status(0, "v").Capacity);
        var (_, otherSent) = fixture.Worker(capacity: 1);
        Assert.Single(otherSent.OfType<Assign>());
    }

    [Fact]
    public void DrainWorker_LetsItsRunningTaskFinishWithItsResult()
    {
        var fixture = new DispatcherFixture();
        var (worker, workerSent) = fixture.Worker(capacity: 1);
        var (client, clientSent) = fixture.Client();
        fixture.Submit(client);

        fixture.Dispatcher.DrainWorker(worker);
        fixture.Complete(worker, workerSent.OfType<Assign>().Single().Id);

        Assert.Equal(OutcomeStatus.Succeeded, Assert.Single(clientSent.OfType<Result>()).Outcome.Status);
    }

    [Fact]
    public void WorkerDisconnected_AfterADrainThatTimedOut_RunsItsTaskAgainElsewhere()
    {
        var fixture = new DispatcherFixture();
        var (worker, _) = fixture.Worker(capacity: 1);
        var (client, clientSent) = fixture.Client();
        fixture.Submit(client);
        fixture.Dispatcher.DrainWorker(worker);

        fixture.Dispatcher.WorkerDisconnected(worker, "the worker is shutting down");
        var (other, otherSent) = fixture.Worker(capacity: 1);
        fixture.Complete(other, otherSent.OfType<Assign>().Single().Id);

        Assert.Equal(OutcomeStatus.Succeeded, Assert.Single(clientSent.OfType<Result>()).Outcome.Status);
    }

    [Fact]
    public void StopAccepting_DeniesNewTasksButFinishesAcceptedOnes()
    {
        var fixture = new DispatcherFixture();
        var (worker, workerSent) = fixture.Worker(capacity: 1);
        var (client, clientSent) = fixture.Client();
        fixture.Submit(client);
        fixture.Submit(client);

        Assert.Equal(2, fixture.Dispatcher.StopAccepting());
        fixture.Submit(client);
        fixture.Complete(worker, workerSent.OfType<Assign>().First().Id);
        fixture.Complete(worker, workerSent.OfType<Assign>().Last().Id);

        Assert.Contains("shutting down", Assert.Single(clientSent.OfType<Deny>()).Reason, StringComparison.Ordinal);
        Assert.Equal(2, clientSent.OfType<Result>().Count(r => r.Outcome.Status == OutcomeStatus.Succeeded));
        Assert.Equal(0, fixture.Dispatcher.Unfinished);
    }
}
