using Argon.IntegrationTests.Infrastructure;
using Argon.Samples;

namespace Argon.IntegrationTests;

/// <summary>The client API's calling forms, end to end through the manager to a worker and back.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClientCallTests(ClusterFixture cluster)
{
    private ArgonClient Client => cluster.Client;

    [Fact]
    public async Task QueueAsync_TaskClass_ReturnsItsResult()
    {
        var sum = await Client.QueueAsync(new Add(4, 7)).WaitAsync(Limits.Call);

        Assert.Equal(11, sum);
    }

    [Fact]
    public void Queue_Blocking_ReturnsItsResult()
    {
        using var timeout = new CancellationTokenSource(Limits.Call);

        var sum = Client.Queue(new Add(40, 2), cancellationToken: timeout.Token);

        Assert.Equal(42, sum);
    }

    [Fact]
    public async Task Defer_ShipsAtOnce_AndAwaitGivesTheResult()
    {
        var first = Client.Defer(new Add(1, 2));
        var second = Client.Defer(new Add(3, 4));

        Assert.Equal(7, await second.AsTask().WaitAsync(Limits.Call));
        Assert.Equal(3, await first.AsTask().WaitAsync(Limits.Call));
        Assert.True(first.IsCompleted);
    }

    [Fact]
    public void Defer_ResultBlocksUntilTheOutcome()
    {
        using var timeout = new CancellationTokenSource(Limits.Call);
        var deferred = Client.Defer(new Add(20, 22), cancellationToken: timeout.Token);

        Assert.Equal(42, deferred.Result());
    }

    [Fact]
    public async Task Defer_CanBeAwaitedDirectly()
    {
        using var timeout = new CancellationTokenSource(Limits.Call);

        var sum = await Client.Defer(new Add(5, 6), cancellationToken: timeout.Token);

        Assert.Equal(11, sum);
    }

    [Fact]
    public async Task QueueAsync_ByTypeName_BuildsFromArgumentsAndReturnsAnInt()
    {
        var result = await Client.QueueAsync("Argon.Samples.Add", 4, 7).WaitAsync(Limits.Call);

        Assert.IsType<int>(result);
        Assert.Equal(11, result);
    }

    [Fact]
    public async Task QueueAsync_AsyncTask_ReturnsItsResult()
    {
        var waited = await Client.QueueAsync(new Sleep(50)).WaitAsync(Limits.Call);

        Assert.Equal(50, waited);
    }

    [Fact]
    public async Task QueueAsync_CpuBoundTask_ReturnsTheCorrectAnswer()
    {
        var primes = await Client.QueueAsync(new CountPrimes(20_000)).WaitAsync(Limits.Call);

        Assert.Equal(2262, primes);
    }

    [Fact]
    public async Task QueueAsync_CollectionResult_ComesBackWhole()
    {
        var counts = await Client.QueueAsync(new WordCount("a bb cc ddd e")).WaitAsync(Limits.Call);

        Assert.Equal(new Dictionary<int, int> { [1] = 2, [2] = 2, [3] = 1 }, counts);
    }

    [Fact]
    public async Task QueueAsync_ManyConcurrentCalls_AllReturnTheirOwnResult()
    {
        const int Calls = 2_000;
        var results = new int[Calls];
        using var timeout = new CancellationTokenSource(Limits.Call);

        await Parallel.ForEachAsync(Enumerable.Range(0, Calls), new ParallelOptions { MaxDegreeOfParallelism = 128, CancellationToken = timeout.Token },
            async (i, ct) => results[i] = await Client.QueueAsync(new Echo(i + 1), cancellationToken: ct));

        var wrong = Enumerable.Range(0, Calls).Where(i => results[i] != i + 1).ToList();
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {Calls} calls returned another value, e.g. call {wrong.FirstOrDefault()}");
    }
}
