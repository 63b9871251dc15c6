using System.Globalization;
using Argon.Cli.Processes;
using Argon.IntegrationTests.Infrastructure;
using Argon.Samples;

namespace Argon.IntegrationTests;

/// <summary>A worker without the cluster's key is refused, exits, and never gets routed to (DESIGN.md §1.6).</summary>
[Collection(ClusterCollection.Name)]
public sealed class WorkerAuthenticationTests(ClusterFixture cluster)
{
    [Fact]
    public async Task Worker_WithWrongKey_IsRefusedAndExitsWithAnError()
    {
        using var temp = new TempDirectory();
        var badKey = Path.Combine(temp.Path, "bad.key");
        await using (var keygen = ArgonProcess.Start("keygen", ["keygen", badKey]))
        {
            Assert.Equal(0, await Eventually.ExitAsync(keygen));
        }

        Assert.True(File.Exists(badKey), "argon keygen wrote no key file");
        var before = await cluster.Client.GetStatusAsync().WaitAsync(Limits.Call);
        var from = cluster.Manager.Lines.Count;

        await using var worker = ArgonProcess.Start("bad worker",
        [
            "worker", "--manager", $"127.0.0.1:{cluster.Local.Port}", "--key", badKey, "--capacity", "1", "--load", TaskLibrary.AssemblyPath,
        ]);
        var exitCode = await Eventually.ExitAsync(worker);

        Assert.True(exitCode != 0, $"the refused worker exited with code 0. Output:\n{string.Join('\n', worker.Lines)}");
        Assert.Contains(worker.Lines, l => l.Contains("refused this worker", StringComparison.Ordinal));
        var refusal = await Eventually.LineAfterAsync(cluster.Manager, from, l => l.Contains("Refused connection from 127.0.0.1:", StringComparison.Ordinal));
        Assert.Contains("key", refusal, StringComparison.OrdinalIgnoreCase);

        var after = await cluster.Client.GetStatusAsync().WaitAsync(Limits.Call);
        Assert.Equal(before.Workers.Select(w => w.NodeId).Order(), after.Workers.Select(w => w.NodeId).Order());
        Assert.Equal(ClusterFixture.Workers * ClusterFixture.Capacity, after.Capacity);
        Assert.DoesNotContain(after.Workers, w => w.NodeId.EndsWith(":" + worker.Pid.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        Assert.Equal(11, await cluster.Client.QueueAsync(new Add(4, 7)).WaitAsync(Limits.Call));
    }
}
