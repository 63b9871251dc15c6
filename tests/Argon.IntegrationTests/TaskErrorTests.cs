using Argon.IntegrationTests.Infrastructure;
using Argon.Samples;

namespace Argon.IntegrationTests;

/// <summary>A task's own exception comes home as ArgonTaskException (DESIGN.md §1.7).</summary>
[Collection(ClusterCollection.Name)]
public sealed class TaskErrorTests(ClusterFixture cluster)
{
    [Fact]
    public async Task ThrowingTask_SurfacesAsArgonTaskException_WithTypeMessageStackAndNode()
    {
        var message = $"boom {Guid.NewGuid():N}";

        var error = await Assert.ThrowsAsync<ArgonTaskException>(() => cluster.Client.QueueAsync(new Fail(message)).WaitAsync(Limits.Call));

        Assert.Equal("System.InvalidOperationException", error.RemoteType);
        Assert.Equal(message, error.RemoteMessage);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(error.RemoteStackTrace), "the remote stack trace is empty");
        Assert.Contains("Argon.Samples.Fail", error.RemoteStackTrace, StringComparison.Ordinal);
        Assert.False(error.IsTransient);

        var status = await cluster.Client.GetStatusAsync().WaitAsync(Limits.Call);
        // The node names the worker that ran the task (possibly down to its executor: "worker@host:pid/executor-1").
        Assert.NotNull(error.Node);
        Assert.True(status.Workers.Any(w => error.Node == w.NodeId || error.Node.StartsWith(w.NodeId + "/", StringComparison.Ordinal)),
            $"Node '{error.Node}' names none of the workers: {string.Join(", ", status.Workers.Select(w => w.NodeId))}");
    }

    [Fact]
    public async Task ThrowingTask_DoesNotDisturbTheNextCall()
    {
        await Assert.ThrowsAsync<ArgonTaskException>(() => cluster.Client.QueueAsync(new Fail("first")).WaitAsync(Limits.Call));

        Assert.Equal(3, await cluster.Client.QueueAsync(new Add(1, 2)).WaitAsync(Limits.Call));
    }
}
