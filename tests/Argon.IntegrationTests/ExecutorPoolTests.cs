using Argon.IntegrationTests.Infrastructure;
using Argon.TestTasks;

namespace Argon.IntegrationTests;

/// <summary>A worker is a pool of N executor processes, its own children, and tasks run in them (DESIGN.md §7).</summary>
[Collection(ExecutorCollection.Name)]
public sealed class ExecutorPoolTests(ExecutorClusterFixture fixture)
{
    [Fact]
    public async Task Worker_WithCapacity3_RunsExactly3ExecutorChildren_AndTasksRunInThoseOnly()
    {
        var executors = await fixture.FullPoolAsync();

        Assert.Equal(ExecutorClusterFixture.Capacity, executors.Count);
        Assert.DoesNotContain(fixture.Worker.Pid, executors);

        // Ten rounds' worth of tasks at once: no other process runs any, and every executor takes some. (An executor
        // replaced by an earlier test may still be connecting: then it joins in a later batch.)
        var seen = new HashSet<int>();
        for (var batch = 1; !seen.SetEquals(executors); batch++)
        {
            Assert.True(batch <= 5, $"after {batch - 1} batches of 30 tasks, only [{string.Join(", ", seen)}] of [{string.Join(", ", executors)}] ran any");
            var pids = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => fixture.Client.QueueAsync(new WhichProcessAfter(50)))).WaitAsync(Limits.Call);
            Assert.Subset(new HashSet<int>(executors), new HashSet<int>(pids));
            seen.UnionWith(pids);
        }
    }
}
