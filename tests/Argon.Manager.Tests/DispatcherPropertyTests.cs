using Argon.Manager.Connections;
using Argon.Manager.Scheduling;
using Argon.Protocol.Messages;
using CsCheck;

namespace Argon.Manager.Tests;

/// <summary>
/// Random interleavings of submits, completions, cancels, disconnects and workers coming and going: every
/// task the manager accepted ends in exactly one Result (unless its client cancelled it or left), every other
/// submit in exactly one Deny, and nothing is left behind.
/// </summary>
public sealed class DispatcherPropertyTests
{
    [Fact]
    public void EverySubmit_EndsInExactlyOneOutcome() =>
        Gen.Int.Sample(seed => RunScenario(new Random(seed)), iter: 300);

    private static void RunScenario(Random random)
    {
        var fixture = new DispatcherFixture(queueSize: random.Next(1, 6), prefetch: random.Next(0, 3));
        var clients = Enumerable.Range(0, 3).Select(i => fixture.Client($"c{i}")).ToList();
        var workers = new List<(WorkerTracker Tracker, RecordingSender Sender)>();
        var submitted = new List<(ClientSession Client, long Id)>();
        var abandoned = new HashSet<(ClientSession, long)>();
        var gone = new HashSet<ClientSession>();

        for (var step = 0; step < 200; step++)
        {
            switch (random.Next(10))
            {
                case < 4:
                    var client = clients[random.Next(clients.Count)].Session;
                    if (!gone.Contains(client))
                    {
                        submitted.Add((client, random.Next(8) == 0
                            ? SubmitShipped(fixture, client, random)
                            : fixture.Submit(client, (TaskPriority)random.Next(3), maxAttempts: random.Next(1, 3))));
                    }

                    break;
                case < 7 when workers.Count > 0:
                    var worker = workers[random.Next(workers.Count)].Tracker;
                    if (worker.Running.Count > 0)
                    {
                        // Now and then the worker gives a task back unstarted (a Revoke reached it first).
                        fixture.Complete(worker, worker.Running.Keys.ElementAt(random.Next(worker.Running.Count)),
                            random.Next(5) == 0 ? OutcomeStatus.Revoked : OutcomeStatus.Succeeded);
                    }

                    break;
                case 7 when workers.Count < 3:
                    workers.Add(fixture.Worker(random.Next(1, 3), $"w{step}", allowEval: random.Next(2) == 0));
                    break;
                case 8 when workers.Count > 0:
                    var lost = workers[random.Next(workers.Count)];
                    workers.Remove(lost);
                    fixture.Dispatcher.WorkerDisconnected(lost.Tracker, "lost");
                    break;
                case 9 when submitted.Count > 0:
                    var (owner, id) = submitted[random.Next(submitted.Count)];
                    if (random.Next(4) == 0)
                    {
                        fixture.Dispatcher.ClientDisconnected(owner);
                        gone.Add(owner);
                    }
                    else
                    {
                        fixture.Dispatcher.Cancel(owner, id);
                        abandoned.Add((owner, id));
                    }

                    break;
            }
        }

        // Drain: a worker that finishes everything, until nothing runs or waits.
        var finisher = fixture.Worker(4, "finisher");
        workers.Add(finisher);
        for (var round = 0; round < 10_000 && workers.Any(w => w.Tracker.Running.Count > 0); round++)
        {
            var busy = workers.First(w => w.Tracker.Running.Count > 0).Tracker;
            fixture.Complete(busy, busy.Running.Keys.First());
        }

        var status = fixture.Dispatcher.Status(0, "test");
        Assert.Equal(0, status.InFlight);
        Assert.Equal(0, status.QueueDepthByPriority.Sum());
        Assert.False(fixture.Dispatcher.IsPrefetchSuspended, "nothing is in play, yet prefetch is still off: the per-priority counts leaked");
        foreach (var (session, sender) in clients)
        {
            var outcomes = sender.Sent.Select(m => m switch { Result r => r.Id, Deny d => d.Id, _ => -1 }).Where(id => id >= 0).ToList();
            Assert.Equal(outcomes.Count, outcomes.Distinct().Count());
            foreach (var (client, id) in submitted.Where(s => s.Client == session))
            {
                var expectsOutcome = !gone.Contains(client) && !abandoned.Contains((client, id));
                if (expectsOutcome)
                {
                    Assert.Contains(id, outcomes);
                }
            }

            Assert.Empty(session.Tasks);
        }
    }

    // A task with shipped code: with the finisher (no --allow-eval) registered, it runs on an eval worker or fails.
    private static long SubmitShipped(DispatcherFixture fixture, ClientSession client, Random random)
    {
        var id = fixture.NextClientTaskId();
        fixture.Dispatcher.Submit(client, new Submit
        {
            Id = id,
            TypeName = "lambda",
            Kind = TaskKind.Delegate,
            Payload = new byte[] { 0xC0 },
            Priority = (TaskPriority)random.Next(3),
            MaxAttempts = random.Next(1, 3),
        });
        return id;
    }
}
