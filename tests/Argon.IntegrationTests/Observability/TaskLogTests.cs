using System.Text.Json;
using System.Text.RegularExpressions;
using Argon.IntegrationTests.Infrastructure;
using Argon.Samples;
using Microsoft.Extensions.Logging;

namespace Argon.IntegrationTests.Observability;

/// <summary>
/// At debug level one task can be followed by id from the client through the manager to the worker's executor
/// and back: the client logs its id, the manager logs the client's id beside its own, and the worker logs the
/// manager's id with the executor's pid.
/// </summary>
public sealed partial class TaskLogTests
{
    private const string TypeName = "Argon.Samples.Add";

    [Fact]
    public async Task DebugLogs_FollowOneTaskById_AcrossClientManagerAndWorker()
    {
        await using var cluster = await TestCluster.StartAsync(workers: 1, capacity: 1, ["--verbose", "debug"], workerArguments: ["--verbose", "8"]);
        var worker = cluster.Cluster.Workers[0];
        var clientName = $"trace-client-{Guid.NewGuid():N}";
        var captured = new CapturedLog();
        using var logging = LoggerFactory.Create(b => b.AddProvider(captured).SetMinimumLevel(LogLevel.Debug));
        var options = cluster.Cluster.ClientOptions();
        options.Name = clientName;
        options.LoggerFactory = logging;
        await using var client = await ArgonClient.ConnectAsync(options);
        var managerFrom = cluster.Manager.Lines.Count;
        var workerFrom = worker.Lines.Count;

        Assert.Equal(42, await client.QueueAsync(new Add(20, 22)).WaitAsync(Limits.Call));

        // Client: its own id.
        var submitted = Assert.Single(captured.Lines, l => l.Contains($"({TypeName}) submitted", StringComparison.Ordinal));
        var clientId = ClientSubmitted().Match(submitted).Groups[1].Value;
        Assert.NotEmpty(clientId);

        // Manager: the client's id beside its own on accept, then on assign and complete with the worker.
        var accepted = await Eventually.LineAfterAsync(cluster.Manager, managerFrom,
            l => l.Contains($"Accepted task {clientId} from {clientName} as task ", StringComparison.Ordinal));
        var managerId = ManagerAccepted().Match(accepted).Groups[1].Value;
        Assert.NotEmpty(managerId);
        var assigned = await Eventually.LineAfterAsync(cluster.Manager, managerFrom,
            l => l.Contains($"Assigned task {managerId} (task {clientId} of {clientName}) to worker ", StringComparison.Ordinal));
        var workerNode = ManagerAssigned().Match(assigned).Groups[1].Value;
        Assert.Equal((await client.GetStatusAsync().WaitAsync(Limits.Call)).Workers[0].NodeId, workerNode);

        // Worker: the manager's id with the executor's pid, which is one of its executor processes.
        var running = await Eventually.LineAfterAsync(worker, workerFrom,
            l => l.Contains($"Task {managerId} ({TypeName}) running on executor ", StringComparison.Ordinal));
        var pid = int.Parse(WorkerRunning().Match(running).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(pid, ExecutorProcesses.Of(worker));
        await Eventually.LineAfterAsync(worker, workerFrom, l => l.Contains($"Task {managerId} ({TypeName}) ended Succeeded", StringComparison.Ordinal));

        // And back.
        await Eventually.LineAfterAsync(cluster.Manager, managerFrom,
            l => l.Contains($"Task {managerId} completed Succeeded on worker {workerNode} in ", StringComparison.Ordinal));
        Assert.Single(captured.Lines, l => l.Contains($"Task {clientId} ({TypeName}) completed Succeeded on {workerNode}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task JsonLogs_CarryTheIdsAsFields()
    {
        await using var cluster = await TestCluster.StartAsync(workers: 1, capacity: 1, ["--verbose", "debug", "--log-format", "json"]);
        var from = cluster.Manager.Lines.Count;

        Assert.Equal(3, await cluster.Client.QueueAsync(new Add(1, 2)).WaitAsync(Limits.Call));

        var acceptedLine = await Eventually.LineAfterAsync(cluster.Manager, from, l => l.StartsWith('{') && l.Contains("\"EventId\":310", StringComparison.Ordinal));
        using var accepted = JsonDocument.Parse(acceptedLine);
        var state = accepted.RootElement.GetProperty("State");
        Assert.Equal("Debug", accepted.RootElement.GetProperty("LogLevel").GetString());
        var taskId = state.GetProperty("TaskId").GetInt64();
        Assert.True(state.GetProperty("ClientTaskId").GetInt64() > 0);
        Assert.False(string.IsNullOrEmpty(state.GetProperty("Client").GetString()));
        var assignedLine = await Eventually.LineAfterAsync(cluster.Manager, from,
            l => l.StartsWith('{') && l.Contains("\"EventId\":311", StringComparison.Ordinal) && l.Contains($"\"TaskId\":{taskId},", StringComparison.Ordinal));
        using var assigned = JsonDocument.Parse(assignedLine);
        Assert.Equal((await cluster.Client.GetStatusAsync().WaitAsync(Limits.Call)).Workers[0].NodeId,
            assigned.RootElement.GetProperty("State").GetProperty("Worker").GetString());
    }

    [GeneratedRegex(@"^Task (\d+) \(")]
    private static partial Regex ClientSubmitted();

    [GeneratedRegex(@" as task (\d+)$")]
    private static partial Regex ManagerAccepted();

    [GeneratedRegex(@" to worker (\S+), attempt 1$")]
    private static partial Regex ManagerAssigned();

    [GeneratedRegex(@" \(pid (\d+)\)$")]
    private static partial Regex WorkerRunning();
}
