using Argon.IntegrationTests.Infrastructure;
using Argon.Samples;

namespace Argon.IntegrationTests;

/// <summary>MapAsync: bulk calls whose results stream back as they complete, bounded in flight, ordered on request.</summary>
[Collection(ClusterCollection.Name)]
public sealed class MapAsyncTests(ClusterFixture cluster)
{
    [Fact]
    public async Task MapAsync_YieldsEveryResultOnce()
    {
        var items = Enumerable.Range(0, 1_000).ToList();

        var results = new List<int>();
        await foreach (var result in cluster.Client.MapAsync(items, i => new Echo(i), new ArgonMapOptions { MaxInFlight = 64 }))
        {
            results.Add(result);
        }

        Assert.Equal(items, results.Order());
    }

    [Fact]
    public async Task MapAsync_Ordered_YieldsInItemOrder()
    {
        var items = Enumerable.Range(0, 200).ToList();

        var results = new List<int>();
        await foreach (var result in cluster.Client.MapAsync(items, i => new Sleep(i % 7), new ArgonMapOptions { Ordered = true, MaxInFlight = 16 }))
        {
            results.Add(result);
        }

        Assert.Equal(items.Select(i => i % 7), results);
    }

    [Fact]
    public async Task MapAsync_WhenATaskThrows_ThrowsItWhereItsResultWouldBe()
    {
        var error = await Assert.ThrowsAsync<ArgonTaskException>(async () =>
        {
            await foreach (var _ in cluster.Client.MapAsync(Enumerable.Range(0, 20), i => i == 5 ? (ITask<int>)new Fail("fifth") : new Echo(i)))
            {
            }
        });

        Assert.Equal("fifth", error.RemoteMessage);
        await cluster.WaitUntilIdleAsync();
    }

    [Fact]
    public async Task MapOutcomes_WhenOneTaskThrows_ReportsEveryItemOnce_TheFailingOneWithItsException()
    {
        var items = Enumerable.Range(0, 200).ToList();

        var outcomes = new List<MapOutcome<int, int>>();
        await foreach (var outcome in cluster.Client.MapOutcomesAsync(items, i => i == 57 ? (ITask<int>)new Fail("item 57") : new Echo(i),
            new ArgonMapOptions { MaxInFlight = 16 }))
        {
            outcomes.Add(outcome);
        }

        Assert.Equal(items, outcomes.Select(o => (int)o.Index).Order());
        Assert.All(outcomes, o => Assert.Equal((int)o.Index, o.Item));
        var failed = Assert.Single(outcomes, o => !o.IsSuccess);
        Assert.Equal(57, failed.Item);
        Assert.Equal("item 57", Assert.IsType<ArgonTaskException>(failed.Exception).RemoteMessage);
        Assert.Equal("item 57", Assert.Throws<ArgonTaskException>(() => failed.Result).RemoteMessage);
        Assert.All(outcomes.Where(o => o.IsSuccess), o => Assert.Equal(o.Item, o.Result));
    }

    [Fact]
    public async Task MapOutcomes_Ordered_ReportsInItemOrder_FailuresIncluded()
    {
        var items = Enumerable.Range(0, 100).ToList();

        var outcomes = new List<MapOutcome<int, int>>();
        await foreach (var outcome in cluster.Client.MapOutcomesAsync(items, i => i % 10 == 3 ? (ITask<int>)new Fail($"item {i}") : new Echo(i),
            new ArgonMapOptions { Ordered = true, MaxInFlight = 8 }))
        {
            outcomes.Add(outcome);
        }

        Assert.Equal(items, outcomes.Select(o => o.Item));
        Assert.Equal(items.Select(i => (long)i), outcomes.Select(o => o.Index));
        Assert.Equal(items.Where(i => i % 10 == 3), outcomes.Where(o => !o.IsSuccess).Select(o => o.Item));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task MapOutcomes_WhenTheCallerCancels_EndsTheBatchWithCancellation_NotWithCancelledOutcomes(bool ordered)
    {
        using var cancel = new CancellationTokenSource();
        var seen = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var outcome in cluster.Client.MapOutcomesAsync(Enumerable.Range(0, 1_000), i => new Sleep(i % 3),
                new ArgonMapOptions { Ordered = ordered, MaxInFlight = 8 }).WithCancellation(cancel.Token))
            {
                Assert.True(outcome.IsSuccess, $"item {outcome.Index}: {outcome.Exception}");
                if (++seen == 20)
                {
                    await cancel.CancelAsync();
                }
            }
        });

        Assert.Equal(20, seen);
        await cluster.WaitUntilIdleAsync();
    }
}
