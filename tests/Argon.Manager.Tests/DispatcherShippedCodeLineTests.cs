using Argon.Protocol.Messages;

namespace Argon.Manager.Tests;

/// <summary>
/// Shipped-code tasks wait in their own line for an eval worker: they never hold up ordinary tasks, fail at once
/// when only workers without --allow-eval are registered, and fail after <see cref="ManagerOptions.ShippedCodeWait"/>
/// when no eval worker is registered at all (issue 17, finding 4).
/// </summary>
public sealed class DispatcherShippedCodeLineTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private long _nextId;

    [Fact]
    public void Submit_OfOrdinaryTasks_WhileAShippedTaskWaitsForABusyEvalWorker_GoesToTheFreePlainWorker()
    {
        var fixture = new DispatcherFixture();
        var (eval, evalSent) = fixture.Worker(capacity: 1, "eval", allowEval: true);
        var (client, _) = fixture.Client();
        SubmitShipped(fixture, client);
        SubmitShipped(fixture, client); // waits: the one eval worker is busy
        var (plain, plainSent) = fixture.Worker(capacity: 1, "plain");

        fixture.Submit(client);
        fixture.Submit(client);
        Assert.Single(plainSent.OfType<Assign>());
        fixture.Complete(plain, plainSent.OfType<Assign>().Single().Id);

        Assert.Equal(2, plainSent.OfType<Assign>().Count());
        Assert.All(plainSent.OfType<Assign>(), a => Assert.Equal(TaskKind.Instance, a.Kind));
        Assert.Single(evalSent.OfType<Assign>());
        fixture.Complete(eval, evalSent.OfType<Assign>().Single().Id);
        Assert.Equal(TaskKind.Delegate, evalSent.OfType<Assign>().Last().Kind);
    }

    [Fact]
    public void RegisterWorker_WithoutAllowEval_WhileShippedCodeWaitsWithNoWorker_FailsItAtOnceAndRunsTheTasksBehindIt()
    {
        var fixture = new DispatcherFixture(shippedCodeWait: Wait);
        var (client, clientSent) = fixture.Client();
        SubmitShipped(fixture, client);
        var ordinary = Enumerable.Range(0, 3).Select(_ => fixture.Submit(client)).ToList();
        Assert.Empty(clientSent.OfType<Result>());

        var (plain, plainSent) = fixture.Worker(capacity: 4, "plain");

        var failure = Assert.Single(clientSent.OfType<Result>());
        Assert.Equal(OutcomeStatus.Failed, failure.Outcome.Status);
        Assert.Contains("--allow-eval", failure.Outcome.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(3, plainSent.OfType<Assign>().Count());
        foreach (var assign in plainSent.OfType<Assign>().ToList())
        {
            fixture.Complete(plain, assign.Id);
        }

        Assert.Equal(ordinary.Order(), clientSent.OfType<Result>().Where(r => r.Outcome.Status == OutcomeStatus.Succeeded).Select(r => r.Id).Order());
        Assert.Equal(0, fixture.Dispatcher.Unfinished);
    }

    [Fact]
    public void ExpireShippedCodeWaits_WithNoWorkerRegistered_FailsTheTaskAtTheBoundAndNotBefore()
    {
        var fixture = new DispatcherFixture(shippedCodeWait: Wait);
        var (client, clientSent) = fixture.Client();
        var before = Environment.TickCount64;
        SubmitShipped(fixture, client);
        var after = Environment.TickCount64;

        Assert.Equal(0, fixture.Dispatcher.ExpireShippedCodeWaits(before + (long)Wait.TotalMilliseconds - 1));
        Assert.Empty(clientSent.OfType<Result>());
        Assert.Equal(1, fixture.Dispatcher.ExpireShippedCodeWaits(after + (long)Wait.TotalMilliseconds));

        var failure = Assert.Single(clientSent.OfType<Result>());
        Assert.Equal(OutcomeStatus.Failed, failure.Outcome.Status);
        Assert.Contains("30 s", failure.Outcome.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("--allow-eval", failure.Outcome.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(0, fixture.Dispatcher.Unfinished);
    }

    [Fact]
    public void ExpireShippedCodeWaits_WhenAnEvalWorkerIsRegistered_LeavesWaitingShippedTasksAlone()
    {
        var fixture = new DispatcherFixture(shippedCodeWait: Wait);
        var (eval, evalSent) = fixture.Worker(capacity: 1, "eval", allowEval: true);
        var (client, clientSent) = fixture.Client();
        SubmitShipped(fixture, client);
        SubmitShipped(fixture, client); // waits for the busy eval worker: an ordinary wait, not bounded here

        Assert.Equal(0, fixture.Dispatcher.ExpireShippedCodeWaits(Environment.TickCount64 + 10 * (long)Wait.TotalMilliseconds));
        fixture.Complete(eval, evalSent.OfType<Assign>().Single().Id);

        Assert.Equal(2, evalSent.OfType<Assign>().Count());
        Assert.Single(clientSent.OfType<Result>());
    }

    [Fact]
    public void ExpireShippedCodeWaits_AfterTheLastEvalWorkerLeftTheClusterEmpty_CountsFromWhenItLeft()
    {
        var fixture = new DispatcherFixture(shippedCodeWait: Wait);
        var (eval, _) = fixture.Worker(capacity: 1, "eval", allowEval: true);
        var (client, clientSent) = fixture.Client();
        SubmitShipped(fixture, client);
        SubmitShipped(fixture, client);
        var accepted = Environment.TickCount64;

        var leaving = Environment.TickCount64; // the dispatcher reads its clock after this, and before `left`
        fixture.Dispatcher.DrainWorker(eval);
        var left = Environment.TickCount64;

        Assert.Equal(0, fixture.Dispatcher.ExpireShippedCodeWaits(leaving + (long)Wait.TotalMilliseconds - 1));
        Assert.Equal(1, fixture.Dispatcher.ExpireShippedCodeWaits(Math.Max(accepted, left) + (long)Wait.TotalMilliseconds + 1));
        Assert.Single(clientSent.OfType<Result>());
    }

    [Fact]
    public void RegisterWorker_WithAllowEval_WhileShippedCodeWaitsWithNoWorker_RunsIt()
    {
        var fixture = new DispatcherFixture(shippedCodeWait: Wait);
        var (client, clientSent) = fixture.Client();
        SubmitShipped(fixture, client);

        var (_, evalSent) = fixture.Worker(capacity: 1, "eval", allowEval: true);

        Assert.Equal(TaskKind.Delegate, Assert.Single(evalSent.OfType<Assign>()).Kind);
        Assert.Empty(clientSent.OfType<Result>());
    }

    private void SubmitShipped(DispatcherFixture fixture, Connections.ClientSession client) =>
        fixture.Dispatcher.Submit(client, new Submit
        {
            Id = 1_000 + ++_nextId,
            TypeName = "lambda",
            Kind = TaskKind.Delegate,
            Payload = new byte[] { 0xC0 },
            MaxAttempts = 2,
        });
}
