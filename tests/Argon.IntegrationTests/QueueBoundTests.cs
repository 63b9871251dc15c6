using System.Globalization;
using Argon.IntegrationTests.Infrastructure;
using Argon.Samples;

namespace Argon.IntegrationTests;

/// <summary>
/// The manager's queue is bounded: when full it rejects at once, saying so; with Retry on, the client holds the
/// backlog and every task gets through (DESIGN.md §1.1, §1.2). Each test starts its own small cluster: a manager
/// with --queue-size 4 and one worker with 2 executors, offered 100 concurrent calls.
/// </summary>
public sealed class QueueBoundTests
{
    private const int QueueSize = 4;
    private const int Capacity = 2;
    private const int Tasks = 100;
    private const int SleepMs = 50;
    private static readonly TimeSpan BatchLimit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Queue_WhenFull_RejectsAtOnce_AndEveryCallEndsOnce()
    {
        await using var cluster = await StartAsync();

        var calls = Enumerable.Range(0, Tasks).Select(_ => cluster.Client.QueueAsync(new Sleep(SleepMs))).ToArray();
        var all = Task.WhenAll(calls);
        await Task.WhenAny(all, Task.Delay(BatchLimit));
        Assert.True(all.IsCompleted, $"{calls.Count(c => !c.IsCompleted)} of {Tasks} calls had no outcome after {BatchLimit.TotalSeconds:0} s");

        var succeeded = calls.Count(c => c.IsCompletedSuccessfully);
        var rejections = calls.Where(c => c.IsFaulted).Select(c => c.Exception!.InnerException).OfType<ArgonRejectedException>().ToList();
        var other = calls.Where(c => c.IsCanceled || c.IsFaulted && c.Exception!.InnerException is not ArgonRejectedException)
            .Select(c => c.IsCanceled ? "cancelled" : c.Exception!.InnerException!.ToString()).ToList();
        Assert.True(other.Count == 0, $"calls ended in neither a result nor a rejection:\n{string.Join('\n', other)}");
        Assert.Equal(Tasks, succeeded + rejections.Count);
        Assert.NotEmpty(rejections);
        Assert.True(succeeded >= Capacity + QueueSize, $"only {succeeded} of {Tasks} calls succeeded; the worker and the queue hold at least {Capacity + QueueSize}");
        Assert.All(calls.Where(c => c.IsCompletedSuccessfully), c => Assert.Equal(SleepMs, c.Result));
        Assert.All(rejections, r =>
        {
            Assert.Contains("queue full", r.Message, StringComparison.Ordinal);
            Assert.Equal(QueueSize, r.QueueDepth);
            Assert.True(r.IsTransient);
        });

        // The manager counted the same: one outcome per call, nothing left behind.
        var status = await Eventually.StatusAsync(cluster.Client, s => s.InFlight == 0 && s.Queued == 0, "the cluster is idle");
        Assert.Equal(QueueSize, status.QueueLimit);
        Assert.Equal(rejections.Count, status.Denied);
        Assert.Equal(succeeded, status.Submitted);
        Assert.Equal(succeeded, status.Completed);
        Assert.Equal(0, status.Failed);
    }

    [Fact]
    public async Task Queue_WhenFull_WithRetry_EveryCallSucceeds()
    {
        // A client without Retry fills the queue; one with Retry, arriving behind it, waits for credit (raised as the
        // first client's calls finish) and every one of its tasks is accepted, none denied (issue 17).
        await using var cluster = await StartAsync();
        await using var patient = await ArgonClient.ConnectAsync(cluster.Cluster.ClientOptions(retry: true));

        var greedy = Enumerable.Range(0, Tasks).Select(_ => cluster.Client.QueueAsync(new Sleep(SleepMs))).ToArray();
        await Eventually.StatusAsync(cluster.Client, s => s.Queued == QueueSize, "the first client filled the queue");
        var calls = Enumerable.Range(0, Tasks).Select(_ => patient.QueueAsync(new Sleep(SleepMs))).ToArray();
        var results = await Task.WhenAll(calls).WaitAsync(BatchLimit);
        await Task.WhenAny(Task.WhenAll(greedy)).WaitAsync(BatchLimit);

        Assert.All(results, r => Assert.Equal(SleepMs, r));
        var rejectedGreedy = greedy.Count(c => c.IsFaulted && c.Exception!.InnerException is ArgonRejectedException);
        var status = await Eventually.StatusAsync(cluster.Client, s => s.InFlight == 0 && s.Queued == 0, "the cluster is idle");
        Assert.Equal(Tasks + (Tasks - rejectedGreedy), status.Completed);
        Assert.True(status.Denied == rejectedGreedy, $"{status.Denied - rejectedGreedy} denials went to the patient client, which kept within its credit");
    }

    [Fact]
    public async Task Credit_KeepsARetryingClientWithinTheQueue_SoItIsNeverDenied()
    {
        await using var cluster = await StartAsync(retry: true);

        var results = await Task.WhenAll(Enumerable.Range(0, Tasks).Select(_ => cluster.Client.QueueAsync(new Sleep(SleepMs / 4))))
            .WaitAsync(BatchLimit);

        Assert.All(results, r => Assert.Equal(SleepMs / 4, r));
        var status = await Eventually.StatusAsync(cluster.Client, s => s.InFlight == 0 && s.Queued == 0, "the cluster is idle");
        Assert.Equal(Tasks, status.Completed);
        Assert.Equal(0, status.Denied);
    }

    private static Task<TestCluster> StartAsync(bool retry = false) =>
        TestCluster.StartAsync(workers: 1, capacity: Capacity, ["--queue-size", QueueSize.ToString(CultureInfo.InvariantCulture)], retry);
}
