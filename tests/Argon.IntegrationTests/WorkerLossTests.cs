using System.Globalization;
using System.Text.RegularExpressions;
using Argon.IntegrationTests.Infrastructure;
using Argon.Samples;

namespace Argon.IntegrationTests;

/// <summary>A worker that dies mid-task loses no task: the manager runs it again elsewhere (DESIGN.md §1.4).</summary>
public sealed partial class WorkerLossTests
{
    private const int Tasks = 6;
    private const int SleepMs = 1500;

    [Fact]
    public async Task WorkerKilled_WhileRunningTasks_TheyAreRedispatchedAndSucceed()
    {
        await using var cluster = await TestCluster.StartAsync(workers: 2, capacity: 2);
        var calls = Enumerable.Range(0, Tasks).Select(_ => cluster.Client.QueueAsync(new Sleep(SleepMs))).ToArray();
        await Eventually.StatusAsync(cluster.Client, s => s.Workers.Count == 2 && s.Workers.All(w => w.InFlight >= 1), "both workers run tasks");
        var from = cluster.Manager.Lines.Count;

        cluster.Cluster.Workers[0].Kill();

        var lost = await Eventually.LineAfterAsync(cluster.Manager, from, l => l.Contains("lost:", StringComparison.Ordinal) && l.Contains("queued again", StringComparison.Ordinal));
        var requeued = int.Parse(RequeuedCount().Match(lost).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(requeued >= 1, $"the killed worker's tasks were not queued again: {lost}");

        var results = await Task.WhenAll(calls).WaitAsync(Limits.Call);
        Assert.All(results, r => Assert.Equal(SleepMs, r));
        var status = await cluster.Client.GetStatusAsync().WaitAsync(Limits.Call);
        Assert.Single(status.Workers);
        Assert.Equal(Tasks, status.Completed);
        Assert.Equal(0, status.Failed);
    }

    [GeneratedRegex(@"; (\d+) task\(s\) queued again")]
    private static partial Regex RequeuedCount();
}
