using System.Diagnostics;
using Argon.IntegrationTests.Infrastructure;
using Argon.Samples;

namespace Argon.IntegrationTests;

/// <summary>A client without the cluster's key gets a clear error at once, and nothing else changes (DESIGN.md §1.6).</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClientAuthenticationTests(ClusterFixture cluster)
{
    private static readonly TimeSpan RefusalLimit = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Client_WithWrongKey_IsRefusedWithinFiveSeconds()
    {
        using var temp = new TempDirectory();
        var options = cluster.Local.ClientOptions();
        options.KeyFile = temp.WriteRandomKey();

        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<ArgonAuthenticationException>(async () =>
        {
            await using var client = await ArgonClient.ConnectAsync(options).WaitAsync(Limits.Call);
        });
        watch.Stop();

        Assert.True(watch.Elapsed < RefusalLimit, $"the refusal took {watch.Elapsed.TotalSeconds:0.00} s");
        Assert.Contains($"127.0.0.1:{cluster.Local.Port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("key", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Client_WithWrongKey_IsLoggedByTheManagerWithItsAddress()
    {
        using var temp = new TempDirectory();
        var options = cluster.Local.ClientOptions();
        options.KeyFile = temp.WriteRandomKey();
        var from = cluster.Manager.Lines.Count;

        await Assert.ThrowsAsync<ArgonAuthenticationException>(async () =>
        {
            await using var client = await ArgonClient.ConnectAsync(options).WaitAsync(Limits.Call);
        });

        var line = await Eventually.LineAfterAsync(cluster.Manager, from, l => l.Contains("Refused connection from 127.0.0.1:", StringComparison.Ordinal));
        Assert.Contains("key", line, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Client_WithWrongKey_LeavesGoodClientsWorking()
    {
        using var temp = new TempDirectory();
        var options = cluster.Local.ClientOptions();
        options.KeyFile = temp.WriteRandomKey();

        await Assert.ThrowsAsync<ArgonAuthenticationException>(async () =>
        {
            await using var client = await ArgonClient.ConnectAsync(options).WaitAsync(Limits.Call);
        });

        Assert.Equal(11, await cluster.Client.QueueAsync(new Add(4, 7)).WaitAsync(Limits.Call));
        await using var fresh = await cluster.Cluster.ConnectAsync().WaitAsync(Limits.Call);
        Assert.Equal(9, await fresh.QueueAsync(new Add(4, 5)).WaitAsync(Limits.Call));
    }

    [Fact]
    public async Task Client_WithMissingKeyFile_GetsAuthenticationErrorBeforeConnecting()
    {
        using var temp = new TempDirectory();
        var options = cluster.Local.ClientOptions();
        options.KeyFile = Path.Combine(temp.Path, "missing.key");

        var error = await Assert.ThrowsAsync<ArgonAuthenticationException>(async () =>
        {
            await using var client = await ArgonClient.ConnectAsync(options).WaitAsync(Limits.Call);
        });

        Assert.Contains("missing.key", error.Message, StringComparison.Ordinal);
    }
}
