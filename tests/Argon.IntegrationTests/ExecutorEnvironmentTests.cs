using Argon.IntegrationTests.Infrastructure;
using Argon.TestTasks;

namespace Argon.IntegrationTests;

/// <summary>
/// What executors are started with: no key file and no manager address, however the worker was given them, and the
/// runtime settings of docs/operations.md, Executors.
/// </summary>
public sealed class ExecutorEnvironmentTests
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

    [Fact]
    public async Task Executors_RunWithoutTieredCompilationNorSpinning_UnlessTheWorkersEnvironmentSaysOtherwise()
    {
        await using var cluster = await TestCluster.StartAsync(workers: 0, capacity: Capacity);
        var arguments = cluster.WorkerArguments(Capacity, [TaskLibrary.TestTasksPath]);
        var defaults = await cluster.StartWorkerAsync(arguments, new Dictionary<string, string>());
        var overridden = await cluster.StartWorkerAsync(arguments, new Dictionary<string, string> { ["DOTNET_TieredCompilation"] = "1" });

        var plain = await Eventually.ExecutorsAsync(defaults, e => e.Count == Capacity, "the first worker runs its executors");
        var tiered = await Eventually.ExecutorsAsync(overridden, e => e.Count == Capacity, "the second worker runs its executors");

        Assert.DoesNotContain(ExecutorProcesses.Environment(defaults.Pid), v => v.StartsWith("DOTNET_TieredCompilation=", StringComparison.Ordinal));
        Assert.All(plain, pid => Assert.Superset(
            new HashSet<string> { "DOTNET_TieredCompilation=0", "DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0" },
            ExecutorProcesses.Environment(pid).ToHashSet()));
        Assert.All(tiered, pid =>
        {
            var environment = ExecutorProcesses.Environment(pid);
            Assert.Contains("DOTNET_TieredCompilation=1", environment);
            Assert.DoesNotContain("DOTNET_TieredCompilation=0", environment);
            Assert.Contains("DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0", environment);
        });
    }
}
