using Argon.Worker.Execution;

namespace Argon.Worker.Tests;

/// <summary>Fencing (issue 17, finding 3): no task of a session starts after it ended, nor after a pause before the manager confirms the session.</summary>
public sealed class SessionFenceTests
{
    [Fact]
    public async Task AfterTheSessionEnds_NothingMayStart()
    {
        await using var pauses = new PauseWatch();
        var fence = new SessionFence(pauses, _ => { });
        Assert.True(fence.MayStart);

        fence.End();

        Assert.False(fence.MayStart);
        Assert.False(await fence.WaitAsync(default));
    }

    [Fact]
    public async Task AfterAPause_StartsWaitForTheManagersAnswerToAProbeSentAfterIt()
    {
        await using var pauses = new PauseWatch();
        var probes = new List<long>();
        var fence = new SessionFence(pauses, probes.Add);

        fence.OnPaused(1000);
        var waiting = fence.WaitAsync(default).AsTask();

        Assert.Equal([1000L], probes);
        Assert.False(fence.MayStart);
        Assert.True(pauses.IsUnsettled);
        fence.Confirm(0); // a keep-alive's answer proves nothing
        fence.Confirm(999); // nor does the answer to a probe sent before the pause
        Assert.False(waiting.IsCompleted);

        fence.Confirm(1000);

        Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(fence.MayStart);
        Assert.False(pauses.IsUnsettled);
    }

    [Fact]
    public async Task APausedSessionThatEnds_NeverStartsAgain()
    {
        await using var pauses = new PauseWatch();
        var fence = new SessionFence(pauses, _ => { });
        fence.OnPaused(1000);
        var waiting = fence.WaitAsync(default).AsTask();

        fence.End();
        fence.Confirm(2000);

        Assert.False(await waiting.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.False(fence.MayStart);
        Assert.True(pauses.IsUnsettled); // until its tasks' cancellations are out, the executors are not probed
        fence.Retire();
        Assert.False(pauses.IsUnsettled);
    }
}
