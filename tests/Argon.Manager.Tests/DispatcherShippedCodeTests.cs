using Argon.Manager.Scheduling;
using Argon.Protocol.Messages;

namespace Argon.Manager.Tests;

/// <summary>Shipped code runs only on workers started with --allow-eval, and never waits for one that cannot come.</summary>
public sealed class DispatcherShippedCodeTests
{
    private long _nextId;

    [Fact]
    public void Submit_OfShippedCode_GoesToAnEvalWorkerEvenWhenAnotherIsLessLoaded()
    {
        var fixture = new DispatcherFixture();
        var (_, plainSent) = fixture.Worker(capacity: 4, "plain");
        var (_, evalSent) = EvalWorker(fixture, capacity: 1);
        var (client, _) = fixture.Client();

        SubmitShipped(fixture, client);

        Assert.Empty(plainSent.OfType<Assign>());
        Assert.Equal(TaskKind.Delegate, Assert.Single(evalSent.OfType<Assign>()).Kind);
    }

    [Fact]
    public void Submit_OfShippedCode_WhenNoWorkerAllowsIt_FailsAtOnceSayingSo()
    {
        var fixture = new DispatcherFixture();
        var (_, plainSent) = fixture.Worker(capacity: 1, "plain");
        var (client, clientSent) = fixture.Client();

        SubmitShipped(fixture, client);

        Assert.Empty(plainSent.OfType<Assign>());
        var result = Assert.Single(clientSent.OfType<Result>());
        Assert.Equal(OutcomeStatus.Failed, result.Outcome.Status);
        Assert.Contains("--allow-eval", result.Outcome.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Pump_KeepsAShippedTaskForTheBusyEvalWorker_NotTheFreePlainOne()
    {
        var fixture = new DispatcherFixture();
        var (eval, evalSent) = EvalWorker(fixture, capacity: 1);
        var (client, _) = fixture.Client();
        SubmitShipped(fixture, client);
        SubmitShipped(fixture, client);
        var (_, plainSent) = fixture.Worker(capacity: 1, "plain");

        fixture.Complete(eval, evalSent.OfType<Assign>().Single().Id);

        Assert.Empty(plainSent.OfType<Assign>());
        Assert.Equal(2, evalSent.OfType<Assign>().Count());
    }

    [Fact]
    public void WorkerDisconnected_OfTheLastEvalWorker_FailsTheShippedTasksWaitingForIt()
    {
        var fixture = new DispatcherFixture();
        var (eval, _) = EvalWorker(fixture, capacity: 1);
        fixture.Worker(capacity: 1, "plain");
        var (client, clientSent) = fixture.Client();
        SubmitShipped(fixture, client, maxAttempts: 1);
        SubmitShipped(fixture, client);

        fixture.Dispatcher.WorkerDisconnected(eval, "killed");

        var results = clientSent.OfType<Result>().ToList();
        Assert.Equal(2, results.Count);
        Assert.Contains(results, r => r.Outcome.Status == OutcomeStatus.WorkerLost);
        Assert.Contains(results, r => r.Outcome.ErrorMessage?.Contains("--allow-eval", StringComparison.Ordinal) == true);
        Assert.Equal(0, fixture.Dispatcher.Unfinished);
    }

    private static (WorkerTracker Tracker, RecordingSender Sender) EvalWorker(DispatcherFixture fixture, int capacity) =>
        fixture.Worker(capacity, "eval", allowEval: true);

    private void SubmitShipped(DispatcherFixture fixture, Connections.ClientSession client, int maxAttempts = 2) =>
        fixture.Dispatcher.Submit(client, new Submit
        {
            Id = 1_000 + ++_nextId,
            TypeName = "lambda",
            Kind = TaskKind.Delegate,
            Payload = new byte[] { 0xC0 },
            MaxAttempts = maxAttempts,
        });
}
