using Argon.Cli.Processes;
using Argon.IntegrationTests.Infrastructure;

namespace Argon.IntegrationTests.Hosting;

/// <summary>
/// `argon manager --config FILE` and ARGON__MANAGER__* variables: the file sets options, the variables beat the file,
/// and flags beat both (docs/operations.md, "Configuration files and environment").
/// </summary>
public sealed class ConfigFileTests
{
    [Fact]
    public async Task Manager_TakesPortAndQueueSizeFromTheFile()
    {
        using var temp = new TempDirectory();
        var key = temp.WriteRandomKey("cluster.key");
        var port = FreePort.Next();
        var config = WriteConfig(temp, $$"""{ "Manager": { "Host": "127.0.0.1", "Port": {{port}}, "QueueSize": 37, "Key": [ "{{key}}" ] } }""");

        await using var manager = ArgonProcess.Start("manager --config", ["manager", "--config", config]);

        Assert.Equal(port, await manager.WaitForListeningPortAsync("manager", Limits.Startup));
        Assert.Equal(37, await QueueLimitAsync(port, key));
    }

    [Fact]
    public async Task Manager_VariablesBeatTheFile_ArgonDoubleUnderscoreBeatsSingle_AndFlagsBeatAll()
    {
        using var temp = new TempDirectory();
        var key = temp.WriteRandomKey("cluster.key");
        var config = WriteConfig(temp, $$"""{ "Manager": { "Host": "127.0.0.1", "Port": 1, "QueueSize": 37, "Key": "{{key}}" } }""");
        var legacy = new Dictionary<string, string> { ["ARGON_QUEUE_SIZE"] = "45", ["ARGON_PORT"] = "0" };
        await using (var byLegacyVariable = ArgonProcess.Start("manager --config + ARGON_", ["manager", "--config", config], legacy))
        {
            var port = await byLegacyVariable.WaitForListeningPortAsync("manager", Limits.Startup);
            Assert.Equal(45, await QueueLimitAsync(port, key));
        }

        var environment = new Dictionary<string, string>(legacy) { ["ARGON__MANAGER__QUEUESIZE"] = "43", ["ARGON__MANAGER__PORT"] = "0" };
        await using (var byVariable = ArgonProcess.Start("manager --config + ARGON__", ["manager", "--config", config], environment))
        {
            var port = await byVariable.WaitForListeningPortAsync("manager", Limits.Startup);
            Assert.Equal(43, await QueueLimitAsync(port, key));
        }

        await using var byFlag = ArgonProcess.Start("manager --config + ARGON__ + flags", ["manager", "--config", config, "--queue-size", "41"], environment);
        var flagPort = await byFlag.WaitForListeningPortAsync("manager", Limits.Startup);
        Assert.Equal(41, await QueueLimitAsync(flagPort, key));
    }

    [Fact]
    public async Task Worker_TakesItsManagersCapacityAndLoadPathsFromTheFile_AsArrays()
    {
        await using var manager = await RestartableManager.StartAsync();
        using var temp = new TempDirectory();
        var config = WriteConfig(temp, $$"""
            { "Worker": { "Manager": [ "127.0.0.1:{{manager.Port}}" ], "Capacity": 3, "Key": [ "{{manager.KeyFile}}" ],
                          "Load": [ "{{TaskLibrary.AssemblyPath}}" ] } }
            """);

        await using var worker = ArgonProcess.Start("worker --config", ["worker", "--config", config]);
        await using var client = await ArgonClient.ConnectAsync(manager.ClientOptions());

        var status = await Eventually.StatusAsync(client, s => s.Workers.Count == 1, "the worker from --config to register", Limits.Startup);
        Assert.Equal(3, status.Capacity);
    }

    [Fact]
    public async Task Manager_WithAMisspeltKey_ExitsTwo_NamingIt()
    {
        using var temp = new TempDirectory();
        var config = WriteConfig(temp, """{ "Manager": { "QueueSise": 37 } }""");

        var (exitCode, lines) = await CommandRun.RunAsync("manager", "--config", config, "--port", "0", "--key", temp.WriteRandomKey());

        CommandRun.AssertConfigurationError(exitCode, lines, "Manager:QueueSise");
    }

    [Fact]
    public async Task Manager_WithABadValueInTheFile_ExitsTwo_NamingTheOption()
    {
        using var temp = new TempDirectory();
        var config = WriteConfig(temp, """{ "Manager": { "QueueSize": "many" } }""");

        var (exitCode, lines) = await CommandRun.RunAsync("manager", "--config", config, "--port", "0", "--key", temp.WriteRandomKey());

        CommandRun.AssertConfigurationError(exitCode, lines, "--queue-size", "many");
    }

    private static string WriteConfig(TempDirectory temp, string json)
    {
        var path = Path.Combine(temp.Path, "appsettings.json");
        File.WriteAllText(path, json);
        return path;
    }

    private static async Task<int> QueueLimitAsync(int port, string key)
    {
        await using var client = await ArgonClient.ConnectAsync(new ArgonClientOptions { Host = "127.0.0.1", Port = port, KeyFile = key });
        var status = await client.GetStatusAsync().WaitAsync(Limits.Call);
        return status.QueueLimit;
    }

    [Fact]
    public void KeyOf_IsTheOptionInPascalCase() =>
        Assert.Equal(
            ["QueueSize", "Port", "HttpTokenFile", "MaxHandshakesPerAddress"],
            new[] { "--queue-size", "--port", "--http-token-file", "--max-handshakes-per-address" }.Select(Cli.Options.NodeSettings.KeyOf));
}
