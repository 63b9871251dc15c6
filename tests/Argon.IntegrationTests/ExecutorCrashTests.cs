using System.Globalization;
using System.Text.RegularExpressions;
using Argon.IntegrationTests.Infrastructure;
using Argon.Samples;
using Argon.TestTasks;

namespace Argon.IntegrationTests;

/// <summary>
/// A task that kills its executor fails that task with a clear error naming the cause; the worker replaces the
/// executor and carries on at full capacity (DESIGN.md §1.5; docs/operations.md, Executors). Such a task is tried once
/// more on another executor, then given up as a poison task.
/// </summary>
[Collection(ExecutorCollection.Name)]
public sealed partial class ExecutorCrashTests(ExecutorClusterFixture fixture)
{
    private const int TasksAfter = 100;

    [Fact]
    public async Task FailFast_FailsAsPoisonTask_NamingFailFastAndExitCode_WorkerCarriesOn()
    {
        var message = $"fail fast {Guid.NewGuid():N}";

        var error = await AssertCrashIsIsolatedAsync(new FailFast(message));

        Assert.True(error.Message.Contains("Environment.FailFast", StringComparison.Ordinal) && error.Message.Contains(message, StringComparison.Ordinal),
            $"the error does not name Environment.FailFast and its message: {error.Message}");
    }

    [Fact]
    public async Task StackOverflow_FailsAsPoisonTask_NamingStackOverflow_WorkerCarriesOn()
    {
        var error = await AssertCrashIsIsolatedAsync(new OverflowStack(0));

        Assert.Contains("stack overflow", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task UnhandledExceptionOnAnotherThread_FailsAsPoisonTask_NamingIt_WorkerCarriesOn()
    {
        var message = $"thrown elsewhere {Guid.NewGuid():N}";

        var error = await AssertCrashIsIsolatedAsync(new ThrowOnAnotherThread(message));

        Assert.Contains("unhandled exception", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("System.InvalidOperationException", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Crash_LeavingAChildProcessThatHoldsItsOutput_StillFailsAsPoisonTask_WorkerCarriesOn()
    {
        var from = fixture.Worker.Lines.Count;
        ArgonTaskCrashedException? error = null;
        try
        {
            // The child sleeps far past the call's limit: the crash must not wait for the executor's output to end.
            error = await AssertCrashIsIsolatedAsync(new FailFastLeavingAChild(120));

            Assert.Contains("Environment.FailFast: leaving child ", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            // One orphaned `sleep` per attempt, named in the worker's log and the error: end them.
            var text = string.Join('\n', fixture.Worker.Lines.Skip(from)) + error?.Message;
            foreach (var pid in LeftChild().Matches(text).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Distinct())
            {
                if (ExecutorProcesses.CommandLine(pid).StartsWith("sleep ", StringComparison.Ordinal))
                {
                    ExecutorProcesses.Signal(pid, "KILL");
                }
            }
        }
    }

    /// <summary>
    /// Runs the crashing task and checks everything a crash must leave behind: one clear error (not the task's own
    /// exception: the task never returned), the worker alive and registered, the pool back at full strength with the
    /// crashed executors replaced, and the next tasks all succeeding.
    /// </summary>
    private async Task<ArgonTaskCrashedException> AssertCrashIsIsolatedAsync(ITask<int> task)
    {
        var before = await fixture.FullPoolAsync();
        var from = fixture.Worker.Lines.Count;

        // Its own type (DESIGN.md §10), carrying the node, the attempts and how the last executor died.
        var error = await Assert.ThrowsAsync<ArgonTaskCrashedException>(() => fixture.Client.QueueAsync(task).WaitAsync(Limits.Call));

        Assert.Equal(2, error.Attempts);
        Assert.Contains("/executor-", error.Node, StringComparison.Ordinal);
        Assert.Contains("exit code", error.ExitDescription, StringComparison.Ordinal);
        Assert.Contains(error.ExitDescription!, error.Message, StringComparison.Ordinal);
        Assert.Contains(task.GetType().FullName!, error.Message, StringComparison.Ordinal);
        Assert.Contains("exit code", error.Message, StringComparison.Ordinal);
        Assert.Contains("poison task", error.Message, StringComparison.Ordinal);
        Assert.Contains("not tried again", error.Message, StringComparison.Ordinal);
        await Eventually.LineAfterAsync(fixture.Worker, from, l => l.Contains("trying it once more on another executor", StringComparison.Ordinal));
        Assert.False(fixture.Worker.HasExited, $"the worker exited:\n{string.Join('\n', fixture.Worker.Lines.TakeLast(40))}");

        // Both executors the task crashed (the first, and the one it was tried again on) are gone and replaced.
        var after = await Eventually.ExecutorsAsync(fixture.Worker, e => e.Count == ExecutorClusterFixture.Capacity && before.Except(e).Any(),
            "the crashed executors were replaced");
        Assert.InRange(before.Except(after).Count(), 1, 2);
        foreach (var pid in before.Except(after))
        {
            // Out of the worker's children already, but the kernel may still be tearing it down.
            await Eventually.GoneAsync(pid, $"crashed executor {pid} exited");
        }

        var results = await Task.WhenAll(Enumerable.Range(0, TasksAfter).Select(i => fixture.Client.QueueAsync(new Add(i, 1)))).WaitAsync(Limits.Call);
        Assert.Equal(Enumerable.Range(1, TasksAfter), results);
        var status = await fixture.Client.GetStatusAsync().WaitAsync(Limits.Call);
        Assert.Equal(ExecutorClusterFixture.Capacity, Assert.Single(status.Workers).Capacity);
        await fixture.FullPoolAsync("the pool is back at full strength");
        return error;
    }

    [GeneratedRegex(@"leaving child (\d+)")]
    private static partial Regex LeftChild();
}
