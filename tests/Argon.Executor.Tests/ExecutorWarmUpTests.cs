using Argon.Executor.Hosting;

namespace Argon.Executor.Tests;

public sealed class ExecutorWarmUpTests
{
    [Fact]
    public async Task RunAsync_RunsTheBuiltInTaskThroughTheWholePath()
    {
        await ExecutorWarmUp.RunAsync();

        Assert.Equal(3, await new WarmUpTask(2).RunAsync(CancellationToken.None));
    }
}
