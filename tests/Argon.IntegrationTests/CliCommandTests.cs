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
        var workers = json.RootElement.GetProperty("workers");
        Assert.Equal(JsonValueKind.Array, workers.ValueKind);
        Assert.Equal(expected.Workers.Select(w => w.NodeId).Order(), workers.EnumerateArray().Select(w => w.GetProperty("node").GetString()).Order());
        Assert.All(workers.EnumerateArray(), w => Assert.Equal(ClusterFixture.Capacity, w.GetProperty("capacity").GetInt32()));
        Assert.Equal(ClusterFixture.Workers * ClusterFixture.Capacity, json.RootElement.GetProperty("capacity").GetInt32());
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

    [Fact]
    public async Task Status_OfSeveralManagers_ShowsEachWithItsWorkers_AndOneUnreachableAsSuch_ExitingOne()
    {
        var expected = await cluster.Client.GetStatusAsync().WaitAsync(Limits.Call);
        var live = $"127.0.0.1:{cluster.Local.Port}";
        const string Down = "127.0.0.1:1"; // nothing listens there: refused at once

        var (exitCode, output) = await RunWithManagersAsync(["status"], $"{live},{Down}");

        Assert.True(exitCode == 1, $"argon status with one manager down exited with {exitCode}:\n{output}");
        Assert.True(output.IndexOf(live, StringComparison.Ordinal) < output.IndexOf(Down, StringComparison.Ordinal), output);
        Assert.All(expected.Workers, w => Assert.Contains(w.NodeId, output, StringComparison.Ordinal));
        Assert.Contains("unreachable:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusJson_OfSeveralManagers_IsAnArrayWithEachManagersStatusOrError()
    {
        var live = $"127.0.0.1:{cluster.Local.Port}";
        const string Down = "127.0.0.1:1";

        var (exitCode, output) = await RunWithManagersAsync(["status", "--json"], $"{live},{Down}");

        Assert.True(exitCode == 1, $"exited with {exitCode}:\n{output}");
        using var json = JsonDocument.Parse(output);
        var managers = json.RootElement.EnumerateArray().ToArray();
        Assert.Equal([live, Down], managers.Select(m => m.GetProperty("manager").GetString()));
        Assert.Equal(ClusterFixture.Workers, managers[0].GetProperty("status").GetProperty("workers").GetArrayLength());
        Assert.False(string.IsNullOrEmpty(managers[1].GetProperty("error").GetString()));
    }

    [Fact]
    public async Task Ping_OfSeveralManagers_IsAUsageError()
    {
        var (exitCode, output) = await RunWithManagersAsync(["ping"], $"127.0.0.1:{cluster.Local.Port},127.0.0.1:1");

        Assert.True(exitCode == 2, $"exited with {exitCode}:\n{output}");
        Assert.Contains("talks to one manager", output, StringComparison.Ordinal);
    }

    private Task<(int ExitCode, string Output)> RunAsync(params string[] command) => RunAsync(command, cluster.Local.KeyFile);

    private Task<(int ExitCode, string Output)> RunAsync(string[] command, string keyFile) =>
        RunArgonAsync([.. command, "--manager", $"127.0.0.1:{cluster.Local.Port}", "--key", keyFile]);

    private Task<(int ExitCode, string Output)> RunWithManagersAsync(string[] command, string managers) =>
        RunArgonAsync([.. command, "--manager", managers, "--key", cluster.Local.KeyFile]);

    private static async Task<(int ExitCode, string Output)> RunArgonAsync(IReadOnlyList<string> arguments)
    {
        await using var process = ArgonProcess.Start($"argon {arguments[0]}", [.. arguments]);
        var exitCode = await Eventually.ExitAsync(process);
        return (exitCode, string.Join('\n', process.Lines));
    }
}
