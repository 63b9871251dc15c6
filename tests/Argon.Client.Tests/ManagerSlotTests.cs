namespace Argon.Client.Tests;

/// <summary>What the spreading rule sees of one manager, and its credit across connections.</summary>
public sealed class ManagerSlotTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    [Fact]
    public void ANewManager_WithoutAConnection_TakesNoCalls()
    {
        var slot = new ManagerSlot(new ManagerEndpoint("a.test", 8000));

        Assert.False(slot.TakesCalls);
        Assert.Equal(new SpreadCandidate(false, 0, 0), slot.AsCandidate());
        Assert.Equal("a.test:8000", slot.Node);
    }

    [Fact]
    public void AsCandidate_CountsPlacedCallsAndTheGrantedCredit()
    {
        var slot = new ManagerSlot(new ManagerEndpoint("a.test", 8000));
        slot.Credit.SetLimit(40);
        slot.AddLoad();
        slot.AddLoad();
        slot.RemoveLoad();

        Assert.Equal(new SpreadCandidate(false, 1, 40), slot.AsCandidate());
    }

    [Fact]
    public async Task Credit_FailedWhenTheManagerWasLost_ReopenedByTheNextConnection_WaitsForItsGrant()
    {
        var gate = new CreditGate();
        gate.SetLimit(1);
        await gate.AcquireAsync(CancellationToken.None);
        var waiting = gate.AcquireAsync(CancellationToken.None).AsTask();

        // Lost: the waiter is told (and chooses another manager); so is whoever comes before the next connection.
        var lost = new ArgonConnectionException("The connection to the manager at a.test:8000 was lost");
        gate.Fail(lost);
        Assert.Same(lost, await Assert.ThrowsAsync<ArgonConnectionException>(() => waiting.WaitAsync(Limit)));
        await Assert.ThrowsAsync<ArgonConnectionException>(() => gate.AcquireAsync(CancellationToken.None).AsTask());

        // A new connection: nothing passes before its grant, then it does.
        gate.Reopen();
        var next = gate.AcquireAsync(CancellationToken.None).AsTask();
        Assert.False(next.IsCompleted);
        Assert.Equal(0, gate.Limit);
        gate.Release(); // the call placed before the loss leaves
        gate.SetLimit(1);
        await next.WaitAsync(Limit);
    }

    [Fact]
    public void Park_ReplacesACompletedReadySignal_Once()
    {
        var slot = new ManagerSlot(new ManagerEndpoint("a.test", 8000));
        var first = slot.Ready;
        slot.Park();
        Assert.Same(first, slot.Ready); // not yet completed: kept

        first.TrySetResult(null!);
        slot.Park();
        Assert.NotSame(first, slot.Ready);
        Assert.False(slot.Ready.Task.IsCompleted);
    }
}
