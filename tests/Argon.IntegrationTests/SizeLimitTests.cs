using System.Diagnostics;
using Argon.IntegrationTests.Infrastructure;
using Argon.TestTasks;

namespace Argon.IntegrationTests;

/// <summary>
/// A payload or result over the 16 MiB frame limit fails that one call with both sizes named, and nothing else: the
/// client's connection and the worker's stay up for the next call.
/// </summary>
public sealed class SizeLimitTests
{
    private const int OverTheLimit = 17 * 1024 * 1024;

    [Fact]
    public async Task QueueAsync_WithAPayloadOverTheFrameLimit_ThrowsNamingBothSizesAndTheClientKeepsWorking()
    {
        await using var cluster = await TestCluster.StartAsync(workers: 1, capacity: 2, loadPaths: TaskLibrary.All);
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<ArgonException>(() => cluster.Client.QueueAsync(new CountBytes(new byte[OverTheLimit])).WaitAsync(Limits.Call));

        Assert.InRange(watch.Elapsed, TimeSpan.Zero, Limits.Reaction);
        Assert.Contains("payload is 17,825,", error.Message, StringComparison.Ordinal);
        Assert.Contains("accepts frames up to 16,777,216 bytes", error.Message, StringComparison.Ordinal);
        Assert.Equal(5, await cluster.Client.QueueAsync(new CountBytes(new byte[5])).WaitAsync(Limits.Call));
    }

    [Fact]
    public async Task QueueAsync_WhenTheResultIsOverTheFrameLimit_FailsThatCallAndTheWorkerStaysConnected()
    {
        await using var cluster = await TestCluster.StartAsync(workers: 1, capacity: 2, loadPaths: TaskLibrary.All);

        var error = await Assert.ThrowsAnyAsync<ArgonException>(() => cluster.Client.QueueAsync(new MakeBytes(OverTheLimit)).WaitAsync(Limits.Call));

        Assert.Contains("result is 17,825,", error.Message, StringComparison.Ordinal);
        Assert.Contains("accepts frames up to 16,777,216 bytes", error.Message, StringComparison.Ordinal);
        Assert.Equal(1024, (await cluster.Client.QueueAsync(new MakeBytes(1024)).WaitAsync(Limits.Call)).Length);
        var status = await cluster.Client.GetStatusAsync().WaitAsync(Limits.Call);
        Assert.Single(status.Workers);
        Assert.Equal(5, await cluster.Client.QueueAsync(new CountBytes(new byte[5])).WaitAsync(Limits.Call));
    }
}
