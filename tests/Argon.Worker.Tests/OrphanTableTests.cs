using Argon.Protocol.Messages;
using Argon.Protocol.Transport;
using Argon.Worker.Failover;

namespace Argon.Worker.Tests;

/// <summary>
/// The worker's orphans of lost managers: live sessions hear what is held and what is released; a surviving
/// manager's attach gets the outcome, at once or when it comes; finished ones are kept within bounds.
/// </summary>
public sealed class OrphanTableTests
{
    private static readonly TaskOutcome Done = new() { Status = OutcomeStatus.Succeeded, Payload = new byte[] { 1 } };

    [Fact]
    public void Adopt_NamesTheCallsWithIds_ToEveryLiveSession_AndJoin_HearsThemAll()
    {
        var table = new OrphanTable();
        var live = new Sender();
        using var membership = table.Join(live);
        var running = Task(Guid.NewGuid());
        var sentCall = Guid.NewGuid();

        table.Adopt([running, Task(callId: null)], [(sentCall, Done)]);

        Assert.Equal([running.CallId!.Value, sentCall], live.Held());
        var later = new Sender();
        using var laterMembership = table.Join(later);
        Assert.Equal(new HashSet<Guid> { running.CallId.Value, sentCall }, later.Held().ToHashSet());
        Assert.Equal(2, table.Count);
    }

    [Fact]
    public void Attach_BeforeTheOrphanEnds_GetsItsOutcomeWhenItEnds()
    {
        var table = new OrphanTable();
        var task = Task(Guid.NewGuid());
        table.Adopt([task], []);
        TaskOutcome? delivered = null;

        Assert.NotNull(table.Attach(task.CallId!.Value, outcome => delivered = outcome));
        Assert.Null(delivered);
        table.Finish(task.CallId.Value, Done);

        Assert.Same(Done, delivered);
        TaskOutcome? again = null;
        Assert.NotNull(table.Attach(task.CallId.Value, outcome => again = outcome)); // kept: a later resubmission gets it too
        Assert.Same(Done, again);
    }

    [Fact]
    public void Finish_JustBeforeAdopt_IsKept_AndAttachGetsItAtOnce()
    {
        // The task was orphaned by its session and ended before Adopt entered it: its outcome must not be lost.
        var table = new OrphanTable();
        var task = Task(Guid.NewGuid());
        table.Finish(task.CallId!.Value, Done);

        table.Adopt([task], []);

        TaskOutcome? delivered = null;
        Assert.NotNull(table.Attach(task.CallId.Value, outcome => delivered = outcome));
        Assert.Same(Done, delivered);
    }

    [Fact]
    public void Revoked_JustBeforeAdopt_IsReleased_NotHeld()
    {
        var table = new OrphanTable();
        var live = new Sender();
        using var membership = table.Join(live);
        var task = Task(Guid.NewGuid());
        table.Finish(task.CallId!.Value, TaskOutcome.Failure(OutcomeStatus.Revoked, "never started"));

        table.Adopt([task], []);

        Assert.False(table.Holds(task.CallId.Value));
        Assert.Equal([task.CallId.Value], live.Released());
        Assert.Empty(live.Held());
    }

    [Fact]
    public void Attach_OfACallNotHeld_FindsNothing()
    {
        var table = new OrphanTable();

        Assert.Null(table.Attach(Guid.NewGuid(), _ => Assert.Fail("nothing to deliver")));
    }

    [Fact]
    public void Finish_Revoked_DropsTheOrphan_AndReleasesIt_ToTheAttachedManagerToo()
    {
        var table = new OrphanTable();
        var live = new Sender();
        using var membership = table.Join(live);
        var task = Task(Guid.NewGuid());
        table.Adopt([task], []);
        TaskOutcome? delivered = null;
        table.Attach(task.CallId!.Value, outcome => delivered = outcome);

        table.Finish(task.CallId.Value, TaskOutcome.Failure(OutcomeStatus.Revoked, "never started"));

        Assert.Equal(OutcomeStatus.Revoked, delivered?.Status);
        Assert.Equal([task.CallId.Value], live.Released());
        Assert.False(table.Holds(task.CallId.Value));
    }

    [Fact]
    public void Orphan_Cancel_CancelsItsExecution()
    {
        var table = new OrphanTable();
        var task = Task(Guid.NewGuid());
        table.Adopt([task], []);

        table.Attach(task.CallId!.Value, _ => { })!.Cancel();

        Assert.True(task.Cancellation.IsCancellationRequested);
    }

    [Fact]
    public void FinishedOrphans_PastTheBound_GoOldestFirst_AndAreReleased()
    {
        var table = new OrphanTable();
        var live = new Sender();
        using var membership = table.Join(live);
        var first = Guid.NewGuid();
        var sent = new List<(Guid, TaskOutcome)> { (first, Done) };
        sent.AddRange(Enumerable.Range(0, OrphanTable.MaxFinished).Select(_ => (Guid.NewGuid(), Done)));

        table.Adopt([], sent);

        Assert.Equal(OrphanTable.MaxFinished, table.Count);
        Assert.False(table.Holds(first));
        Assert.Contains(first, live.Released());
    }

    [Fact]
    public void LeftSession_HearsNothingMore()
    {
        var table = new OrphanTable();
        var gone = new Sender();
        table.Join(gone).Dispose();

        table.Adopt([Task(Guid.NewGuid())], []);

        Assert.Empty(gone.Sent);
        Assert.False(table.HasLiveSessions);
    }

    private static LinkTask Task(Guid? callId) => new(callId, new CancellationTokenSource(), new CancellationTokenSource());

    private sealed class Sender : IMessageSender
    {
        public List<Orphans> Sent { get; } = [];

        public string Remote => "manager";

        public bool Send(Message message)
        {
            Sent.Add(Assert.IsType<Orphans>(message));
            return true;
        }

        public Guid[] Held() => [.. Sent.SelectMany(m => m.Held)];

        public Guid[] Released() => [.. Sent.SelectMany(m => m.Released)];
    }
}
