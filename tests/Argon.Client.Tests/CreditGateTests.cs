namespace Argon.Client.Tests;

public sealed class CreditGateTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task AcquireAsync_WithinTheCredit_CompletesAtOnce()
    {
        var gate = new CreditGate();
        gate.SetLimit(2);

        Assert.True(gate.AcquireAsync(CancellationToken.None).AsTask().IsCompletedSuccessfully);
        Assert.True(gate.AcquireAsync(CancellationToken.None).AsTask().IsCompletedSuccessfully);
        var third = gate.AcquireAsync(CancellationToken.None).AsTask();

        Assert.False(third.IsCompleted);
        gate.Release();
        await third.WaitAsync(Limit);
    }

    [Fact]
    public async Task Release_LetsWaitersThroughInTheOrderTheyCame()
    {
        var gate = await FullGateAsync();
        var first = gate.AcquireAsync(CancellationToken.None).AsTask();
        var second = gate.AcquireAsync(CancellationToken.None).AsTask();

        gate.Release();
        await first.WaitAsync(Limit);
        Assert.False(second.IsCompleted);

        gate.Release();
        await second.WaitAsync(Limit);
    }

    [Fact]
    public async Task AcquireAsync_CancelledWhileWaiting_ThrowsAndItsPlaceGoesToTheNext()
    {
        var gate = await FullGateAsync();
        using var cancel = new CancellationTokenSource();
        var cancelled = gate.AcquireAsync(cancel.Token).AsTask();
        var next = gate.AcquireAsync(CancellationToken.None).AsTask();

        await cancel.CancelAsync();
        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Limit));
        Assert.Equal(cancel.Token, error.CancellationToken);

        gate.Release();
        await next.WaitAsync(Limit);

        // The cancelled wait took nothing: exactly one place is held (by next), so one more waits.
        var after = gate.AcquireAsync(CancellationToken.None).AsTask();
        Assert.False(after.IsCompleted);
        gate.Release();
        await after.WaitAsync(Limit);
    }

    [Fact]
    public async Task AcquireAsync_CancelledAfterTheGrant_StaysGranted()
    {
        var gate = await FullGateAsync();
        using var cancel = new CancellationTokenSource();
        var granted = gate.AcquireAsync(cancel.Token).AsTask();

        gate.Release();
        await granted.WaitAsync(Limit);
        await cancel.CancelAsync();

        Assert.True(granted.IsCompletedSuccessfully);
        Assert.False(gate.AcquireAsync(CancellationToken.None).AsTask().IsCompleted); // granted still holds the one place
    }

    [Fact]
    public async Task AcquireAsync_WithATokenAlreadyCancelled_WhenItWouldWait_ThrowsAtOnce()
    {
        var gate = await FullGateAsync();

        var wait = gate.AcquireAsync(new CancellationToken(canceled: true)).AsTask();

        Assert.True(wait.IsCanceled);
    }

    [Fact]
    public async Task SetLimit_Raised_LetsAsManyWaitersThrough()
    {
        var gate = await FullGateAsync();
        var waiting = Enumerable.Range(0, 3).Select(_ => gate.AcquireAsync(CancellationToken.None).AsTask()).ToArray();

        gate.SetLimit(3);

        await Task.WhenAll(waiting[0], waiting[1]).WaitAsync(Limit);
        Assert.False(waiting[2].IsCompleted);
    }

    [Fact]
    public async Task Fail_FailsEveryWaiterWithTheConnectionsError()
    {
        var gate = await FullGateAsync();
        using var cancel = new CancellationTokenSource();
        var waiting = new[] { gate.AcquireAsync(cancel.Token).AsTask(), gate.AcquireAsync(CancellationToken.None).AsTask() };
        var lost = new ArgonConnectionException(ArgonConnectionErrorKind.Lost, "lost");

        gate.Fail(lost);

        foreach (var wait in waiting)
        {
            Assert.Same(lost, await Assert.ThrowsAsync<ArgonConnectionException>(() => wait.WaitAsync(Limit)));
        }

        await cancel.CancelAsync(); // the failed waiter's registration is gone: cancelling now changes nothing
        Assert.IsType<ArgonConnectionException>(waiting[0].Exception?.InnerException);
    }

    [Fact]
    public void AcquireAsync_BeforeTheFirstGrant_Waits()
    {
        var gate = new CreditGate();

        var first = gate.AcquireAsync(CancellationToken.None).AsTask();

        Assert.False(first.IsCompleted);
        gate.SetLimit(1);
        Assert.True(first.IsCompletedSuccessfully);
    }

    [Fact]
    public void SetLimit_OfNothing_LetsNobodyThrough()
    {
        var gate = new CreditGate();
        gate.SetLimit(0);

        Assert.False(gate.AcquireAsync(CancellationToken.None).AsTask().IsCompleted);
    }

    [Fact]
    public async Task Suspend_HoldsNewCallsUntilTheNextConnectionsGrant()
    {
        var gate = new CreditGate();
        gate.SetLimit(5);
        await gate.AcquireAsync(CancellationToken.None);

        gate.Suspend();
        var waiting = gate.AcquireAsync(CancellationToken.None).AsTask();
        gate.Release();

        Assert.False(waiting.IsCompleted);
        gate.SetLimit(1);
        await waiting.WaitAsync(Limit);
    }

    [Fact]
    public void Fail_FailsLaterAcquiresToo_UntilANewGrant()
    {
        var gate = new CreditGate();
        gate.SetLimit(5);
        var draining = new ArgonConnectionException(ArgonConnectionErrorKind.Lost, "shutting down");

        gate.Fail(draining);

        Assert.Same(draining, gate.AcquireAsync(CancellationToken.None).AsTask().Exception?.InnerException);
        gate.SetLimit(1);
        Assert.True(gate.AcquireAsync(CancellationToken.None).AsTask().IsCompletedSuccessfully);
    }

    /// <summary>A gate whose credit of one is taken, so the next acquire waits.</summary>
    private static async Task<CreditGate> FullGateAsync()
    {
        var gate = new CreditGate();
        gate.SetLimit(1);
        await gate.AcquireAsync(CancellationToken.None);
        return gate;
    }
}
