using Argon.Manager.Connections;
using Argon.Protocol.Messages;

namespace Argon.Manager.Tests;

/// <summary>Credit accounted per client (Dispatcher.Credit.cs): grants never overcommit the budget, and a client within its credit is never denied.</summary>
public sealed class DispatcherCreditTests
{
    [Fact]
    public void ANewcomer_WhileTheFirstClientHoldsTheWholeBudget_IsRaisedOnlyAsTheFirstsCallsFinish_AndNeitherIsDenied()
    {
        var fixture = new DispatcherFixture(queueSize: 10);
        var (worker, workerSent) = fixture.Worker(capacity: 2);
        var (first, firstSent) = fixture.Client("first");
        var firstCredit = LastCredit(firstSent);
        Assert.Equal(12, firstCredit);
        SubmitMany(fixture, first, firstCredit);

        var (second, secondSent) = fixture.Client("second");

        // The first's share is halved at once, but its 12 calls hold the budget: the second starts with nothing.
        Assert.Equal(6, LastCredit(firstSent));
        Assert.Equal(0, LastCredit(secondSent));
        for (var finished = 1; finished <= 6; finished++)
        {
            CompleteOne(fixture, worker, workerSent);
            Assert.Equal(finished, LastCredit(secondSent));
        }

        SubmitMany(fixture, second, LastCredit(secondSent));
        Assert.Empty(firstSent.OfType<Deny>());
        Assert.Empty(secondSent.OfType<Deny>());
        Assert.True(first.Tasks.Count + second.Tasks.Count <= 12, "the outstanding tasks stay within the budget");
    }

    [Fact]
    public void SubmitsSentUnderALoweredGrant_AreAcceptedWhileItsCallsHaveNotFinished()
    {
        var fixture = new DispatcherFixture(queueSize: 4);
        var (lost, _) = fixture.Worker(capacity: 4, name: "lost");
        fixture.Worker(capacity: 4, name: "kept");
        var (client, clientSent) = fixture.Client();
        Assert.Equal(12, LastCredit(clientSent));
        SubmitMany(fixture, client, 8);

        // Its tasks are queued again, filling the queue to its bound, and the budget shrinks to 8.
        fixture.Dispatcher.WorkerDisconnected(lost, "test");
        Assert.Equal(8, LastCredit(clientSent));

        // Four more were on their way under the grant of 12: within that credit, none is denied.
        SubmitMany(fixture, client, 4);

        Assert.Empty(clientSent.OfType<Deny>());
        Assert.Equal(12, client.Tasks.Count);
    }

    [Fact]
    public void ACallCancelledUnderALoweredGrant_LeavesThatGrantHonored_SoTheSubmitThatRefillsItIsAccepted()
    {
        var fixture = new DispatcherFixture(queueSize: 10);
        fixture.Worker(capacity: 2);
        var (first, firstSent) = fixture.Client("first");
        SubmitMany(fixture, first, 12);
        var (_, secondSent) = fixture.Client("second");
        Assert.Equal(6, LastCredit(firstSent));
        Assert.Equal(0, LastCredit(secondSent));

        // The client cancelled one call and, not yet having read its lower credit, refilled the place under its grant of 12.
        fixture.Dispatcher.Cancel(first, first.Tasks.Keys.Max());
        SubmitMany(fixture, first, 1);

        Assert.Empty(firstSent.OfType<Deny>());
        Assert.Equal(12, first.Tasks.Count);
    }

    [Fact]
    public void AClientBeyondItsCredit_IsDeniedWhileAnotherWaitsForItsShare()
    {
        var fixture = new DispatcherFixture(queueSize: 10);
        var (worker, workerSent) = fixture.Worker(capacity: 2);
        var (first, _) = fixture.Client("first");
        SubmitMany(fixture, first, 3);
        var (greedy, greedySent) = fixture.Client("greedy");
        SubmitMany(fixture, greedy, 6);
        Assert.Equal(6, LastCredit(greedySent));

        // Nobody waits for credit and the queue has room: a Submit beyond its credit is taken.
        SubmitMany(fixture, greedy, 1);
        Assert.Empty(greedySent.OfType<Deny>());

        // A third client joins and must wait for calls to finish: the greedy one's extra Submit is denied now.
        var (third, thirdSent) = fixture.Client("third");
        Assert.True(LastCredit(thirdSent) < 4);
        SubmitMany(fixture, greedy, 1);

        var deny = Assert.Single(greedySent.OfType<Deny>());
        Assert.Contains("other clients wait for their credit", deny.Reason, StringComparison.Ordinal);
        CompleteOne(fixture, worker, workerSent);
        SubmitMany(fixture, third, LastCredit(thirdSent));
        Assert.Empty(thirdSent.OfType<Deny>());
    }

    [Fact]
    public void ALeavingClient_ReturnsItsShareToTheOthers()
    {
        var fixture = new DispatcherFixture(queueSize: 10);
        fixture.Worker(capacity: 2);
        var (first, firstSent) = fixture.Client("first");
        var (second, _) = fixture.Client("second");
        SubmitMany(fixture, second, 6);

        fixture.Dispatcher.ClientDisconnected(second);

        Assert.Equal(12, LastCredit(firstSent));
        SubmitMany(fixture, first, 12);
        Assert.Empty(firstSent.OfType<Deny>());
    }

    [Fact]
    public void RandomJoinsLeavesAndCompletions_NeverOvercommitTheBudgetNorDenyWithinCredit()
    {
        var random = new Random(17);
        var fixture = new DispatcherFixture(queueSize: 20);
        var (worker, workerSent) = fixture.Worker(capacity: 4);
        const int Budget = 24;
        var clients = new List<(ClientSession Session, RecordingSender Sender)>();
        var completed = new HashSet<long>();
        for (var step = 0; step < 3000; step++)
        {
            switch (random.Next(10))
            {
                case 0 when clients.Count < 6:
                    clients.Add(fixture.Client($"c{step}"));
                    break;
                case 1 when clients.Count > 1:
                    var leaving = clients[random.Next(clients.Count)];
                    fixture.Dispatcher.ClientDisconnected(leaving.Session);
                    clients.Remove(leaving);
                    break;
                case < 6 when clients.Count > 0:
                    // A well-behaved client: it submits only while its outstanding calls are under its last credit.
                    var (session, sender) = clients[random.Next(clients.Count)];
                    if (session.Tasks.Count < LastCredit(sender))
                    {
                        fixture.Submit(session);
                    }

                    break;
                default:
                    var running = workerSent.OfType<Assign>().Select(a => a.Id).Where(id => !completed.Contains(id) && worker.Running.ContainsKey(id)).ToList();
                    if (running.Count > 0)
                    {
                        var id = running[random.Next(running.Count)];
                        completed.Add(id);
                        fixture.Complete(worker, id);
                    }

                    break;
            }

            var committed = clients.Sum(c => Math.Max(LastCreditOrZero(c.Sender), c.Session.Tasks.Count));
            Assert.True(committed <= Budget, $"step {step}: {committed} committed of a budget of {Budget}");
            Assert.All(clients, c => Assert.Empty(c.Sender.OfType<Deny>()));
        }
    }

    [Fact]
    public void StopAccepting_TellsEveryClientDrainBeforeAnyShutdownDeny_AndGrantsNoMoreCredit()
    {
        var fixture = new DispatcherFixture(queueSize: 10);
        var (worker, workerSent) = fixture.Worker(capacity: 1);
        var (client, clientSent) = fixture.Client();
        SubmitMany(fixture, client, 2);

        fixture.Dispatcher.StopAccepting();
        fixture.Submit(client);
        var creditsBefore = clientSent.OfType<Credit>().Count();
        fixture.Dispatcher.ClientDisconnected(fixture.Client("other").Session);
        CompleteOne(fixture, worker, workerSent);

        var drainAt = clientSent.Sent.FindIndex(m => m is Drain);
        var denyAt = clientSent.Sent.FindIndex(m => m is Deny);
        Assert.True(drainAt >= 0 && drainAt < denyAt, "Drain comes before the Deny");
        Assert.Equal(creditsBefore, clientSent.OfType<Credit>().Count());
    }

    private static int LastCredit(RecordingSender sender) => sender.OfType<Credit>().Last().Tasks;

    private static int LastCreditOrZero(RecordingSender sender) => sender.OfType<Credit>().LastOrDefault()?.Tasks ?? 0;

    private static void SubmitMany(DispatcherFixture fixture, ClientSession client, int count)
    {
        for (var i = 0; i < count; i++)
        {
            fixture.Submit(client);
        }
    }

    private static void CompleteOne(DispatcherFixture fixture, Manager.Scheduling.WorkerTracker worker, RecordingSender workerSent)
    {
        var id = workerSent.OfType<Assign>().Select(a => a.Id).First(worker.Running.ContainsKey);
        fixture.Complete(worker, id);
    }
}
