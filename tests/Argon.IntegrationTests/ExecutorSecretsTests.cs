using Argon.IntegrationTests.Infrastructure;
using Argon.TestTasks;

namespace Argon.IntegrationTests;

/// <summary>Executors get no key file and no manager address, however the worker was given them (docs/operations.md, Executors).</summary>
public sealed class ExecutorSecretsTests
{
    private const int Capacity = 2;

    [Fact]
    public async Task Executors_GetNoKeyFileNorManagerAddress_InTheirEnvironmentOrCommandLine()
    {
        await using var cluster = await TestCluster.StartAsync(workers: 0, capacity: Capacity);
        var keyFile = cluster.Cluster.KeyFile;
        var manager = $"127.0.0.1:{cluster.Cluster.Port}";
        // The key both ways (--key and ARGON_KEY_FILE), the manager from the environment only.
        var worker = await cluster.StartWorkerAsync(
            ["worker", "--capacity", $"{Capacity}", "--key", keyFile, "--load", TaskLibrary.TestTasksPath],
            new Dictionary<string, string> { ["ARGON_KEY_FILE"] = keyFile, ["ARGON_MANAGER"] = manager });
        Assert.Contains($"ARGON_KEY_FILE={keyFile}", ExecutorProcesses.Environment(worker.Pid)); // the test sees what it means to see

        var executors = await Eventually.ExecutorsAsync(worker, e => e.Count == Capacity, "the worker runs its executors");

        Assert.All(executors, pid =>
        {
            var environment = ExecutorProcesses.Environment(pid);
            var commandLine = ExecutorProcesses.CommandLine(pid);
            Assert.NotEmpty(environment);
            Assert.DoesNotContain(environment, v => v.StartsWith("ARGON_KEY_FILE=", StringComparison.Ordinal));
            Assert.DoesNotContain(environment, v => v.StartsWith("ARGON_MANAGER=", StringComparison.Ordinal));
            Assert.DoesNotContain(environment, v => v.Contains(keyFile, StringComparison.Ordinal) || v.Contains(manager, StringComparison.Ordinal));
            Assert.Contains(" executor ", commandLine, StringComparison.Ordinal);
            Assert.DoesNotContain(keyFile, commandLine, StringComparison.Ordinal);
            Assert.DoesNotContain(manager, commandLine, StringComparison.Ordinal);
        });
        Assert.Contains(await cluster.Client.QueueAsync(new WhichProcess(1)).WaitAsync(Limits.Call), executors);
    }
}
