using System.Text.Json;
using Argon.Cli.Processes;
using Argon.IntegrationTests.Infrastructure;

namespace Argon.IntegrationTests;

/// <summary>`argon status` and `argon ping` as an operator runs them, against the shared cluster.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CliCommandTests(ClusterFixture cluster)
{
    [Fact]
    public async Task Status_PrintsWorkersAndCapacity_AndExitsZero()
    {
        var expected = await cluster.Client.GetStatusAsync().WaitAsync(Limits.Call);

        var (exitCode, output) = await RunAsync("status");

        Assert.True(exitCode == 0, $"argon status exited with {exitCode}:\n{output}");
        Assert.Contains($"Capacity {ClusterFixture.Workers * ClusterFixture.Capacity},", output, StringComparison.Ordinal);
        Assert.Contains($"workers {ClusterFixture.Workers}", output, StringComparison.Ordinal);
        Assert.All(expected.Workers, w => Assert.Contains(w.NodeId, output, StringComparison.Ordinal));
    }

    [Fact]
    public async Task StatusJson_PrintsParseableJsonWithTheWorkers()
    {
        var expected = await cluster.Client.GetStatusAsync().WaitAsync(Limits.Call);

        var (exitCode, output) = await RunAsync("status", "--json");

        Assert.True(exitCode == 0, $"argon status --json exited with {exitCode}:\n{output}");
        using var json = JsonDocument.Parse(output);
        var workers = json.RootElement.GetProperty("Workers");
        Assert.Equal(JsonValueKind.Array, workers.ValueKind);
        Assert.Equal(expected.Workers.Select(w => w.NodeId).Order(), workers.EnumerateArray().Select(w => w.GetProperty("NodeId").GetString()).Order());
        Assert.All(workers.EnumerateArray(), w => Assert.Equal(ClusterFixture.Capacity, w.GetProperty("Capacity").GetInt32()));
        Assert.Equal(ClusterFixture.Workers * ClusterFixture.Capacity, json.RootElement.GetProperty("Capacity").GetInt32());
    }

    [Fact]
    public async Task Ping_AnswersWithPong_AndExitsZero()
    {
        var (exitCode, output) = await RunAsync("ping", "--count", "2");

        Assert.True(exitCode == 0, $"argon ping exited with {exitCode}:\n{output}");
        Assert.Equal(2, output.Split('\n').Count(l => l.StartsWith($"pong from {cluster.Client.ServerNode}: ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Status_WithWrongKey_ExitsNonZeroWithAClearError()
    {
        using var temp = new TempDirectory();

        var (exitCode, output) = await RunAsync(["status"], temp.WriteRandomKey());

        Assert.True(exitCode != 0, $"argon status with a wrong key exited with 0:\n{output}");
        Assert.Contains("argon: ", output, StringComparison.Ordinal);
        Assert.Contains("key", output, StringComparison.OrdinalIgnoreCase);
    }

    private Task<(int ExitCode, string Output)> RunAsync(params string[] command) => RunAsync(command, cluster.Local.KeyFile);

    private async Task<(int ExitCode, string Output)> RunAsync(string[] command, string keyFile)
    {
        await using var process = ArgonProcess.Start($"argon {string.Join(' ', command)}",
            [.. command, "--manager", $"127.0.0.1:{cluster.Local.Port}", "--key", keyFile]);
        var exitCode = await Eventually.ExitAsync(process);
        return (exitCode, string.Join('\n', process.Lines));
    }
}
