using System.Diagnostics;
using Argon.IntegrationTests.Infrastructure;
using Argon.Samples;

namespace Argon.IntegrationTests;

/// <summary>Per-call timeouts and cancellation end the call promptly and stop the task on the cluster (DESIGN.md §3).</summary>
[Collection(ClusterCollection.Name)]
public sealed class TimeoutAndCancellationTests(ClusterFixture cluster)
{
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(3);

    private ArgonClient Client => cluster.Client;

    [Fact]
    public async Task Call_OutlivingItsTimeout_ThrowsArgonTimeoutExceptionPromptly()
    {
        await cluster.WaitUntilIdleAsync();
        var options = new ArgonCallOptions { Timeout = TimeSpan.FromMilliseconds(300) };

        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<ArgonTimeoutException>(() => Client.QueueAsync(new Sleep(10_000), options).WaitAsync(Limits.Call));
        watch.Stop();

        Assert.True(watch.Elapsed < Prompt, $"the timeout of 300 ms took {watch.Elapsed.TotalSeconds:0.00} s to surface");
        Assert.Contains("Argon.Samples.Sleep", error.Message, StringComparison.Ordinal);

        // The sleeping task was stopped on its worker rather than left holding the slot for 10 s.
        await Eventually.StatusAsync(Client, s => s.InFlight == 0 && s.Queued == 0, "the timed-out task left its worker", Prompt);
        Assert.Equal(3, await Client.QueueAsync(new Add(1, 2)).WaitAsync(Limits.Call));
    }

    [Fact]
    public async Task Cancellation_OfRunningCall_ThrowsOperationCanceledAndStopsTheTask()
    {
        await cluster.WaitUntilIdleAsync();
        using var cancellation = new CancellationTokenSource();
        var call = Client.QueueAsync(new Sleep(10_000), cancellationToken: cancellation.Token);
        await Eventually.StatusAsync(Client, s => s.InFlight == 1, "the task is running");

        await cancellation.CancelAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(Prompt));
        Assert.Equal(cancellation.Token, error.CancellationToken);
        await Eventually.StatusAsync(Client, s => s.InFlight == 0 && s.Queued == 0, "the cancelled task left its worker", Prompt);
    }

    [Fact]
    public async Task Cancellation_OfQueuedAndRunningCalls_EndsEachWithOperationCanceled()
    {
        await cluster.WaitUntilIdleAsync();
        var capacity = (await Client.GetStatusAsync().WaitAsync(Limits.Call)).Capacity;
        var count = capacity * 3; // more than the workers hold, prefetch included: some must wait in the queue
        using var cancellation = new CancellationTokenSource();
        var calls = Enumerable.Range(0, count).Select(_ => Client.QueueAsync(new Sleep(10_000), cancellationToken: cancellation.Token)).ToArray();
        await Eventually.StatusAsync(Client, s => s.InFlight >= capacity && s.Queued >= 1 && s.InFlight + s.Queued == count,
            "every task is running or queued");

        await cancellation.CancelAsync();

        foreach (var call in calls)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(Prompt));
        }

        await Eventually.StatusAsync(Client, s => s.InFlight == 0 && s.Queued == 0, "the cancelled tasks left the workers and the queue", Prompt);
        Assert.Equal(3, await Client.QueueAsync(new Add(1, 2)).WaitAsync(Limits.Call));
    }
}
