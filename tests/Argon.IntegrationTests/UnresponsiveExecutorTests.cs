using System.Globalization;
using System.Text.RegularExpressions;
using Argon.IntegrationTests.Infrastructure;
using Argon.TestTasks;

namespace Argon.IntegrationTests;

/// <summary>An executor that stops answering heartbeats for 10 s is killed and replaced (docs/operations.md, Executors).</summary>
[Collection(ExecutorCollection.Name)]
public sealed partial class UnresponsiveExecutorTests(ExecutorClusterFixture fixture)
{
    /// <summary>The silence after which the worker gives up on an executor.</summary>
    private static readonly TimeSpan Silence = TimeSpan.FromSeconds(10);

    /// <summary>Silence, a heartbeat interval, the kill and a replacement's start, on a busy machine.</summary>
    private static readonly TimeSpan Replaced = Silence + TimeSpan.FromSeconds(20);

    [Fact]
    public async Task FrozenExecutor_IsKilledAndReplaced_AndTasksKeepSucceeding()
    {
        var before = await fixture.FullPoolAsync();
        var frozen = await fixture.Client.QueueAsync(new WhichProcess(0)).WaitAsync(Limits.Call);
        Assert.Contains(frozen, before);
        var from = fixture.Worker.Lines.Count;

        IReadOnlySet<int> after;
        using (ExecutorProcesses.Freeze(frozen))
        {
            after = await Eventually.ExecutorsAsync(fixture.Worker, e => e.Count == ExecutorClusterFixture.Capacity && !e.Contains(frozen),
                "the frozen executor was replaced", Replaced);
            await Eventually.GoneAsync(frozen, "the frozen executor was killed");
        }

        var line = await Eventually.LineAfterAsync(fixture.Worker, from, l => l.Contains($"(pid {frozen}) has not answered for", StringComparison.Ordinal));
        Assert.Contains("killing it", line, StringComparison.Ordinal);
        var silentMs = int.Parse(SilentMs().Match(line).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(silentMs >= Silence.TotalMilliseconds, $"the executor was killed after {silentMs} ms of silence, less than {Silence.TotalSeconds} s: {line}");
        Assert.Equal(ExecutorClusterFixture.Capacity - 1, before.Intersect(after).Count());

        var pids = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => fixture.Client.QueueAsync(new WhichProcessAfter(20)))).WaitAsync(Limits.Call);
        Assert.DoesNotContain(frozen, pids);
        Assert.Subset(new HashSet<int>(after), new HashSet<int>(pids));
    }

    [Fact]
    public async Task FrozenExecutor_WhileRunningATask_TheTaskIsTriedAgainOnAnotherExecutor_AndSucceeds()
    {
        await fixture.FullPoolAsync();
        var frozen = await fixture.Client.QueueAsync(new WhichProcess(0)).WaitAsync(Limits.Call);

        // As many 2 s tasks as executors: each takes one, the one about to be frozen included.
        var calls = Enumerable.Range(0, ExecutorClusterFixture.Capacity).Select(_ => fixture.Client.QueueAsync(new WhichProcessAfter(2000))).ToArray();
        await Eventually.StatusAsync(fixture.Client, s => s.InFlight == ExecutorClusterFixture.Capacity, "every executor runs a task");
        var from = fixture.Worker.Lines.Count;

        int[] pids;
        using (ExecutorProcesses.Freeze(frozen))
        {
            pids = await Task.WhenAll(calls).WaitAsync(Replaced + Limits.Call);
            await Eventually.GoneAsync(frozen, "the frozen executor was killed", Replaced);
        }

        // Every call succeeded, none in the frozen executor: its task was tried again on another one.
        Assert.DoesNotContain(frozen, pids);
        var retry = await Eventually.LineAfterAsync(fixture.Worker, from, l => l.Contains("trying it once more", StringComparison.Ordinal));
        Assert.Contains("stopped answering", retry, StringComparison.Ordinal);
        var after = await fixture.FullPoolAsync("the frozen executor was replaced");
        Assert.DoesNotContain(frozen, after);
    }

    [GeneratedRegex(@"has not answered for (\d+) ms")]
    private static partial Regex SilentMs();
}
