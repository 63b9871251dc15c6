using System.Diagnostics;
using Argon.IntegrationTests.Infrastructure;
using Argon.Samples;
using Argon.TestTasks;

namespace Argon.IntegrationTests;

/// <summary>A cancelled task has 2 s to stop; one that ignores the cancel has its executor killed and replaced (docs/operations.md, Executors).</summary>
[Collection(ExecutorCollection.Name)]
public sealed class ExecutorCancellationTests(ExecutorClusterFixture fixture)
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Cancel_OfTaskIgnoringIt_EndsTheCallAtOnce_AndKillsItsExecutorAfterTheGrace()
    {
        var before = await fixture.FullPoolAsync();
        using var cancellation = new CancellationTokenSource();
        var call = fixture.Client.QueueAsync(new SpinIgnoringCancel(30_000), cancellationToken: cancellation.Token);
        await Eventually.StatusAsync(fixture.Client, s => s.InFlight == 1, "the task runs on the worker");

        var watch = Stopwatch.StartNew();
        await cancellation.CancelAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(TimeSpan.FromSeconds(3)));
        Assert.Equal(cancellation.Token, error.CancellationToken);

        // Thread.Sleep does not notice the cancel: after its grace the executor is killed, and a fresh one replaces it.
        var killed = before.Except(await Eventually.ExecutorsAsync(fixture.Worker, e => before.Except(e).Any(), "the executor ignoring the cancel was killed")).Single();
        watch.Stop();
        Assert.True(watch.Elapsed >= Grace - TimeSpan.FromMilliseconds(100), $"the executor was killed {watch.Elapsed.TotalSeconds:0.00} s after the cancel, within its grace");
        await Eventually.GoneAsync(killed, "the executor ignoring the cancel exited");
        var after = await fixture.FullPoolAsync("a fresh executor replaced the killed one");
        Assert.DoesNotContain(killed, after);
        Assert.Equal(ExecutorClusterFixture.Capacity - 1, before.Intersect(after).Count());
        await Eventually.StatusAsync(fixture.Client, s => s.InFlight == 0 && s.Queued == 0, "the cancelled task left the worker");
        Assert.Equal(3, await fixture.Client.QueueAsync(new Add(1, 2)).WaitAsync(Limits.Call));
    }
}
