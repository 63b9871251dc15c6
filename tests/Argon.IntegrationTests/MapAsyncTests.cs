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
}
