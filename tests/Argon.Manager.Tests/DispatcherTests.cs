using Argon.Protocol.Messages;

namespace Argon.Manager.Tests;

public sealed class DispatcherTests
{
    [Fact]
    public void Submit_WithAFreeWorker_AssignsAtOnce()
    {
        var fixture = new DispatcherFixture();
        var (worker, workerSent) = fixture.Worker(capacity: 1);
        var (client, _) = fixture.Client();

        fixture.Submit(client);

        var assign = Assert.Single(workerSent.OfType<Assign>());
        Assert.Equal("T", assign.TypeName);
        Assert.Equal(1, worker.InFlight);
    }

    [Fact]
    public void Complete_SendsTheResultToTheClientUnderItsOwnId()
    {
        var fixture = new DispatcherFixture();
        var (worker, workerSent) = fixture.Worker(capacity: 1);
        var (client, clientSent) = fixture.Client();
        var clientId = fixture.Submit(client);

        fixture.Complete(worker, workerSent.OfType<Assign>().Single().Id);

        var result = Assert.Single(clientSent.OfType<Result>());
        Assert.Equal(clientId, result.Id);
        Assert.Equal(OutcomeStatus.Succeeded, result.Outcome.Status);
        Assert.Empty(client.Tasks);
        Assert.Equal(0, worker.InFlight);
    }

    [Fact]
    public void Submit_WhenQueueIsFull_DeniesAtOnceWithDepth()
    {
        var fixture = new DispatcherFixture(queueSize: 2);
        var (client, clientSent) = fixture.Client();
        fixture.Submit(client);
        fixture.Submit(client);

        var deniedId = fixture.Submit(client);

        var deny = Assert.Single(clientSent.OfType<Deny>());
        Assert.Equal(deniedId, deny.Id);
        Assert.Contains("queue full", deny.Reason, StringComparison.Ordinal);
        Assert.Equal(2, deny.QueueDepth);
        Assert.True(deny.RetryAfterMs > 0);
        Assert.Equal(2, fixture.Dispatcher.Status(0, "v").QueueDepthByPriority.Sum());
    }

    [Fact]
    public void Complete_PullsTheNextQueuedTaskOntoTheFreedWorker()
    {
        var fixture = new DispatcherFixture();
        var (worker, workerSent) = fixture.Worker(capacity: 1);
        var (client, _) = fixture.Client();
        fixture.Submit(client);
        fixture.Submit(client);
        Assert.Single(workerSent.OfType<Assign>());

        fixture.Complete(worker, workerSent.OfType<Assign>().First().Id);

        Assert.Equal(2, workerSent.OfType<Assign>().Count());
    }

    [Fact]
    public void RegisterWorker_TakesWaitingTasks()
    {
        var fixture = new DispatcherFixture();
        var (client, _) = fixture.Client();
        fixture.Submit(client);
        fixture.Submit(client);

        var (_, workerSent) = fixture.Worker(capacity: 2);

        Assert.Equal(2, workerSent.OfType<Assign>().Count());
    }

    [Fact]
    public void Cancel_OfAQueuedTask_MeansItNeverRuns()
    {
        var fixture = new DispatcherFixture();
        var (client, clientSent) = fixture.Client();
        var cancelled = fixture.Submit(client);

        fixture.Dispatcher.Cancel(client, cancelled);
        var (_, workerSent) = fixture.Worker(capacity: 1);

        Assert.Empty(workerSent.OfType<Assign>());
        Assert.DoesNotContain(clientSent.Sent, m => m is not Credit);
    }

    [Fact]
    public void Cancel_OfARunningTask_CancelsItOnItsWorkerAndSendsNoResult()
    {
        var fixture = new DispatcherFixture();
        var (worker, workerSent) = fixture.Worker(capacity: 1);
        var (client, clientSent) = fixture.Client();
        var id = fixture.Submit(client);
        var managerId = workerSent.OfType<Assign>().Single().Id;

        fixture.Dispatcher.Cancel(client, id);
        fixture.Complete(worker, managerId, OutcomeStatus.Cancelled);

        Assert.Equal(managerId, Assert.Single(workerSent.OfType<Cancel>()).Id);
        Assert.Empty(clientSent.OfType<Result>());
        Assert.Equal(0, worker.InFlight);
    }

    [Fact]
    public void ClientDisconnected_DropsItsQueuedTasksAndCancelsItsRunningOnes()
    {
        var fixture = new DispatcherFixture();
        var (_, workerSent) = fixture.Worker(capacity: 1);
        var (client, _) = fixture.Client();
        fixture.Submit(client);
        fixture.Submit(client);

        fixture.Dispatcher.ClientDisconnected(client);

        Assert.Single(workerSent.OfType<Cancel>());
        Assert.Equal(0, fixture.Dispatcher.Status(0, "v").QueueDepthByPriority.Sum());
    }

    [Fact]
    public void WorkerDisconnected_RunsItsTasksAgainElsewhere()
    {
        var fixture = new DispatcherFixture();
        var (lost, _) = fixture.Worker(capacity: 1, "lost");
        var (client, clientSent) = fixture.Client();
        fixture.Submit(client);

        fixture.Dispatcher.WorkerDisconnected(lost, "killed");
        var (survivor, survivorSent) = fixture.Worker(capacity: 1, "survivor");
        fixture.Complete(survivor, survivorSent.OfType<Assign>().Single().Id);

        Assert.Equal(OutcomeStatus.Succeeded, Assert.Single(clientSent.OfType<Result>()).Outcome.Status);
    }

    [Fact]
    public void WorkerDisconnected_AfterMaxAttempts_FailsWithWorkerLost()
    {
        var fixture = new DispatcherFixture();
        var (client, clientSent) = fixture.Client();
        fixture.Submit(client, maxAttempts: 2);

        var (first, _) = fixture.Worker(capacity: 1, "first");
        fixture.Dispatcher.WorkerDisconnected(first, "killed");
        var (second, _) = fixture.Worker(capacity: 1, "second");
        fixture.Dispatcher.WorkerDisconnected(second, "killed again");

        var result = Assert.Single(clientSent.OfType<Result>());
        Assert.Equal(OutcomeStatus.WorkerLost, result.Outcome.Status);
        Assert.Contains("2 attempt", result.Outcome.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void LateComplete_FromADroppedWorker_IsIgnored()
    {
        var fixture = new DispatcherFixture();
        var (lost, lostSent) = fixture.Worker(capacity: 1, "lost");
        var (client, clientSent) = fixture.Client();
        fixture.Submit(client);
        var managerId = lostSent.OfType<Assign>().Single().Id;
        fixture.Dispatcher.WorkerDisconnected(lost, "frozen");

        fixture.Complete(lost, managerId);

        Assert.Empty(clientSent.OfType<Result>());
    }

    [Fact]
    public void Shutdown_FailsEveryUnfinishedTaskOnceAndDeniesNewOnes()
    {
        var fixture = new DispatcherFixture();
        var (worker, workerSent) = fixture.Worker(capacity: 1);
        var (client, clientSent) = fixture.Client();
        fixture.Submit(client);
        fixture.Submit(client);

        fixture.Dispatcher.Shutdown("the manager is shutting down");
        fixture.Complete(worker, workerSent.OfType<Assign>().Single().Id);
        fixture.Submit(client);

        var results = clientSent.OfType<Result>().ToList();
        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.Equal(OutcomeStatus.Failed, r.Outcome.Status));
        Assert.Single(clientSent.OfType<Deny>());
    }

    [Fact]
    public void Assign_AfterTheTimeoutPassedInTheQueue_FailsWithTimedOutWithoutRunning()
    {
        var fixture = new DispatcherFixture();
        var (client, clientSent) = fixture.Client();
        fixture.Submit(client, timeoutMs: 1);
        var accepted = Environment.TickCount64;
        Assert.True(SpinWait.SpinUntil(() => Environment.TickCount64 - accepted > 1, TimeSpan.FromSeconds(5)));

        var (_, workerSent) = fixture.Worker(capacity: 1);

        Assert.Empty(workerSent.OfType<Assign>());
        Assert.Equal(OutcomeStatus.TimedOut, Assert.Single(clientSent.OfType<Result>()).Outcome.Status);
    }

    [Fact]
    public void ClientConnected_GrantsEachClientItsShareOfQueueAndCapacity()
    {
        var fixture = new DispatcherFixture(queueSize: 10);
        fixture.Worker(capacity: 2);
        var (first, firstSent) = fixture.Client("first");
        fixture.Dispatcher.ClientConnected(first);
        Assert.Equal(12, firstSent.OfType<Credit>().Last().Tasks);

        var (second, secondSent) = fixture.Client("second");
        fixture.Dispatcher.ClientConnected(second);

        Assert.Equal(6, firstSent.OfType<Credit>().Last().Tasks);
        Assert.Equal(6, secondSent.OfType<Credit>().Last().Tasks);
        fixture.Dispatcher.ClientDisconnected(second);
        Assert.Equal(12, firstSent.OfType<Credit>().Last().Tasks);
    }

    [Fact]
    public void ClientsWithinTheirCredit_AreNeverDenied()
    {
        var fixture = new DispatcherFixture(queueSize: 7);
        fixture.Worker(capacity: 3);
        var clients = Enumerable.Range(0, 3).Select(i => fixture.Client($"c{i}")).ToList();
        clients.ForEach(c => fixture.Dispatcher.ClientConnected(c.Session));

        foreach (var (session, sent) in clients)
        {
            var credit = sent.OfType<Credit>().Last().Tasks;
            for (var i = 0; i < credit; i++)
            {
                fixture.Submit(session);
            }
        }

        Assert.All(clients, c => Assert.Empty(c.Sender.OfType<Deny>()));
    }
}
