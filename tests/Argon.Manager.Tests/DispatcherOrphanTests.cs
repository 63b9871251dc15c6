using Argon.Manager.Connections;
using Argon.Protocol.Messages;
using Argon.Protocol.Transport;

namespace Argon.Manager.Tests;

/// <summary>
/// Calls moved from a lost manager: a resubmission of a call a worker holds as an orphan is attached to that
/// execution, never run again; one nobody named waits its grace (the heartbeat timeout) and is then queued; one
/// named as released (it never started) is queued at once.
/// </summary>
public sealed class DispatcherOrphanTests
{
    private static readonly long Grace = (long)HeartbeatSettings.Default.Timeout.TotalMilliseconds;

    [Fact]
    public void Resubmission_OfACallAWorkerNamed_IsAttachedToIt_AndItsCompleteIsTheCallsResult()
    {
        var fixture = new DispatcherFixture();
        var (worker, workerSent) = fixture.Worker(capacity: 2);
        var (client, clientSent) = fixture.Client();
        var callId = Guid.NewGuid();
        fixture.Dispatcher.OrphansNamed(worker, new Orphans { Held = [callId] });

        var clientId = Resubmit(fixture, client, callId);

        var attach = Assert.Single(workerSent.OfType<Attach>());
        Assert.Equal(callId, attach.CallId);
        Assert.Empty(workerSent.OfType<Assign>());
        Assert.Equal(1, worker.InFlight); // it occupies an executor there
        fixture.Complete(worker, attach.Id);
        var result = Assert.Single(clientSent.OfType<Result>());
        Assert.Equal(clientId, result.Id);
        Assert.Equal(OutcomeStatus.Succeeded, result.Outcome.Status);
    }

    [Fact]
    public void Resubmission_NobodyNamed_WaitsItsGrace_ThenIsQueuedAndAssigned()
    {
        var fixture = new DispatcherFixture();
        var (_, workerSent) = fixture.Worker(capacity: 2);
        var (client, _) = fixture.Client();
        var callId = Guid.NewGuid();
        var now = Environment.TickCount64;

        Resubmit(fixture, client, callId);

        Assert.Empty(workerSent.OfType<Assign>());
        Assert.Equal(0, fixture.Dispatcher.EndResubmissionGraces(now + Grace / 2));
        Assert.Empty(workerSent.OfType<Assign>());
        Assert.Equal(1, fixture.Dispatcher.EndResubmissionGraces(now + Grace + 1_000));
        var assign = Assert.Single(workerSent.OfType<Assign>());
        Assert.Equal(callId, assign.CallId); // passed on, so a worker holding it would attach rather than run it
    }

    [Fact]
    public void Resubmission_InItsGrace_IsAttached_WhenAWorkerNamesTheCallLater()
    {
        var fixture = new DispatcherFixture();
        var (worker, workerSent) = fixture.Worker(capacity: 2);
        var (client, _) = fixture.Client();
        var callId = Guid.NewGuid();
        Resubmit(fixture, client, callId);

        fixture.Dispatcher.OrphansNamed(worker, new Orphans { Held = [Guid.NewGuid(), callId] });

        Assert.Equal(callId, Assert.Single(workerSent.OfType<Attach>()).CallId);
        Assert.Equal(0, fixture.Dispatcher.EndResubmissionGraces(Environment.TickCount64 + Grace + 1_000));
        Assert.Empty(workerSent.OfType<Assign>());
    }

    [Fact]
    public void Resubmission_InItsGrace_IsQueuedAtOnce_WhenTheWorkerReleasesTheCall()
    {
        var fixture = new DispatcherFixture();
        var (worker, workerSent) = fixture.Worker(capacity: 2);
        var (client, _) = fixture.Client();
        var callId = Guid.NewGuid();
        fixture.Dispatcher.OrphansNamed(worker, new Orphans { Held = [Guid.NewGuid()] });
        Resubmit(fixture, client, callId);

        fixture.Dispatcher.OrphansNamed(worker, new Orphans { Released = [callId] });

        Assert.Equal(callId, Assert.Single(workerSent.OfType<Assign>()).CallId);
        Assert.Empty(workerSent.OfType<Attach>());
    }

    [Fact]
    public void Attach_AnsweredRevoked_RunsTheCallAsUsual_OnAnotherWorkerFirst()
    {
        var fixture = new DispatcherFixture();
        var (holder, holderSent) = fixture.Worker(capacity: 1, name: "holder");
        var (_, otherSent) = fixture.Worker(capacity: 1, name: "other");
        var (client, clientSent) = fixture.Client();
        var callId = Guid.NewGuid();
        fixture.Dispatcher.OrphansNamed(holder, new Orphans { Held = [callId] });
        Resubmit(fixture, client, callId);

        fixture.Complete(holder, Assert.Single(holderSent.OfType<Attach>()).Id, OutcomeStatus.Revoked); // it had not started after all

        Assert.Single(otherSent.OfType<Assign>());
        Assert.Empty(clientSent.OfType<Result>());
    }

    [Fact]
    public void AttachedWorkerLost_TheCallIsQueuedAgain_WhileAttemptsRemain()
    {
        var fixture = new DispatcherFixture();
        var (holder, _) = fixture.Worker(capacity: 1, name: "holder");
        var (client, clientSent) = fixture.Client();
        var callId = Guid.NewGuid();
        fixture.Dispatcher.OrphansNamed(holder, new Orphans { Held = [callId] });
        Resubmit(fixture, client, callId);

        fixture.Dispatcher.WorkerDisconnected(holder, "connection reset");
        var (_, otherSent) = fixture.Worker(capacity: 1, name: "other");

        Assert.Single(otherSent.OfType<Assign>());
        Assert.Empty(clientSent.OfType<Result>());
    }

    [Fact]
    public void WorkerLost_ItsNamedOrphansAreForgotten_AndAResubmissionWaitsItsGrace()
    {
        var fixture = new DispatcherFixture();
        var (holder, holderSent) = fixture.Worker(capacity: 1, name: "holder");
        var (_, otherSent) = fixture.Worker(capacity: 1, name: "other");
        var (client, _) = fixture.Client();
        var callId = Guid.NewGuid();
        fixture.Dispatcher.OrphansNamed(holder, new Orphans { Held = [callId] });
        fixture.Dispatcher.WorkerDisconnected(holder, "connection reset");

        Resubmit(fixture, client, callId);

        Assert.Empty(holderSent.OfType<Attach>());
        Assert.Empty(otherSent.OfType<Assign>());
        fixture.Dispatcher.OrphansNamed(holder, new Orphans { Held = [callId] }); // a late message of the gone worker changes nothing
        Assert.Empty(holderSent.OfType<Attach>());
    }

    [Fact]
    public void Cancelled_InItsGrace_IsNeverQueued()
    {
        var fixture = new DispatcherFixture();
        var (_, workerSent) = fixture.Worker(capacity: 1);
        var (client, _) = fixture.Client();
        var clientId = Resubmit(fixture, client, Guid.NewGuid());

        fixture.Dispatcher.Cancel(client, clientId);

        Assert.Equal(0, fixture.Dispatcher.EndResubmissionGraces(Environment.TickCount64 + Grace + 1_000));
        Assert.Empty(workerSent.OfType<Assign>());
        Assert.Empty(client.Tasks);
    }

    [Fact]
    public void FirstSubmission_WithACallId_IsAssignedAtOnce_CarryingIt()
    {
        var fixture = new DispatcherFixture();
        var (_, workerSent) = fixture.Worker(capacity: 1);
        var (client, _) = fixture.Client();
        var callId = Guid.NewGuid();

        fixture.Dispatcher.Submit(client, new Submit { Id = fixture.NextClientTaskId(), TypeName = "T", Kind = TaskKind.Instance, CallId = callId });

        Assert.Equal(callId, Assert.Single(workerSent.OfType<Assign>()).CallId);
    }

    private static long Resubmit(DispatcherFixture fixture, ClientSession client, Guid callId)
    {
        var id = fixture.NextClientTaskId();
        fixture.Dispatcher.Submit(client, new Submit
        {
            Id = id, TypeName = "T", Kind = TaskKind.Instance, MaxAttempts = 3, CallId = callId, Resubmitted = true,
        });
        return id;
    }
}
